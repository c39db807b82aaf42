package io.difflens.evaluator.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * n-gram counts of one token sequence, one map per order (index 0 = unigrams), iterated in the order
 * pycocoevalcap's {@code precook} inserts them (by order, then by position), so floating-point sums
 * over them run in the reference's order.
 */
public final class Ngrams {
    private final List<Map<String, Integer>> byOrder;
    private final int length;

    private Ngrams(List<Map<String, Integer>> byOrder, int length) {
        this.byOrder = byOrder;
        this.length = length;
    }

    /** Counts 1..maxOrder-grams of {@code words}; an n-gram's key is its words joined by a space. */
    public static Ngrams of(List<String> words, int maxOrder) {
        List<Map<String, Integer>> maps = new ArrayList<>(maxOrder);
        for (int k = 1; k <= maxOrder; k++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = 0; i + k <= words.size(); i++) {
                counts.merge(String.join(" ", words.subList(i, i + k)), 1, Integer::sum);
            }
            maps.add(counts);
        }
        return new Ngrams(maps, words.size());
    }

    /** Python's {@code str.split()}: runs of whitespace separate, no empty words. */
    public static List<String> splitWhitespace(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** Python's {@code str.split(" ")}: every single space separates, empty words kept. */
    public static List<String> splitSpace(String s) {
        return List.of(s.split(" ", -1));
    }

    /** Counts of the n-grams of order {@code n} (1-based), in insertion order. */
    public Map<String, Integer> order(int n) {
        return byOrder.get(n - 1);
    }

    public int maxOrder() {
        return byOrder.size();
    }

    /** Number of words. */
    public int length() {
        return length;
    }
}
