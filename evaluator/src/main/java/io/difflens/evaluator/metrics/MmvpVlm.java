package io.difflens.evaluator.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MMVP-VLM scoring of an image-text matcher: 9 visual patterns × 15 pairs; each pair has two images
 * and two statements (statement 1 describes image 1). A pair counts only if both images are matched to
 * their statements: {@code s(img1, st1) > s(img1, st2)} and {@code s(img2, st2) > s(img2, st1)}
 * (strict: a tie is wrong). Reported per pattern and as the average over patterns.
 */
public final class MmvpVlm {

    /** The benchmark's nine patterns, in its order. */
    public static final List<String> PATTERNS = List.of(
            "Orientation and Direction", "Presence of Specific Features", "State and Condition",
            "Quantity and Count", "Positional and Relational Context", "Color and Appearance",
            "Structural Characteristics", "Texts", "Viewpoint and Perspective");

    /**
     * Matching scores of one pair (higher = better match).
     *
     * @param pattern   the visual pattern of the pair
     * @param img1Stmt1 score of image 1 with statement 1 (its own)
     * @param img1Stmt2 score of image 1 with statement 2
     * @param img2Stmt1 score of image 2 with statement 1
     * @param img2Stmt2 score of image 2 with statement 2 (its own)
     */
    public record Pair(String pattern, double img1Stmt1, double img1Stmt2, double img2Stmt1, double img2Stmt2) {
        public Pair {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("an MMVP-VLM pair needs a pattern name");
            }
        }

        public boolean correct() {
            return img1Stmt1 > img1Stmt2 && img2Stmt2 > img2Stmt1;
        }
    }

    /**
     * @param perPattern pair accuracy per pattern: the nine known patterns first in benchmark order (those
     *                   present), then any other pattern names in order of first appearance
     * @param average    the mean of the per-pattern accuracies
     * @param pairs      number of pairs scored
     */
    public record Result(Map<String, Double> perPattern, double average, int pairs) {
        public Result {
            perPattern = Collections.unmodifiableMap(new LinkedHashMap<>(perPattern));
        }
    }

    private MmvpVlm() {
    }

    public static Result score(List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no MMVP-VLM pairs to score");
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String p : PATTERNS) {
            counts.put(p, new int[2]);
        }
        for (Pair p : pairs) {
            int[] c = counts.computeIfAbsent(p.pattern(), k -> new int[2]);
            c[0] += p.correct() ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> per = new LinkedHashMap<>();
        counts.forEach((k, c) -> {
            if (c[1] > 0) {
                per.put(k, c[0] / (double) c[1]);
            }
        });
        double sum = 0;
        for (double v : per.values()) {
            sum += v;
        }
        return new Result(per, sum / per.size(), pairs.size());
    }
}
