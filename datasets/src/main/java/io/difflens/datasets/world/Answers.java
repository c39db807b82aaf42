package io.difflens.datasets.world;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The canonical short-answer forms of this world, and a normaliser that maps a model's free-text answer onto
 * them ({@code "Red."} to {@code red}, {@code "Three"} to {@code 3}, {@code "centre"} to {@code center},
 * {@code "the top-left corner"} to {@code top left}), so that exact-match scoring does not punish wording.
 */
public final class Answers {

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("zero", "0"), Map.entry("none", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("centre", "center"), Map.entry("middle", "center"),
            Map.entry("big", "large"), Map.entry("little", "small"), Map.entry("upward", "up"),
            Map.entry("upwards", "up"), Map.entry("downward", "down"), Map.entry("downwards", "down"),
            Map.entry("leftward", "left"), Map.entry("leftwards", "left"), Map.entry("rightward", "right"),
            Map.entry("rightwards", "right"));

    /** Words no canonical answer contains, dropped from predictions: "It points to the left." is "left". */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "it", "is", "its", "in", "at", "on", "to",
            "of", "corner", "side", "part", "image", "picture", "pointing", "points", "object");

    private Answers() {
    }

    /**
     * Lower case, punctuation and filler words removed, each remaining word mapped through the synonyms (looked up
     * one by one, so no map iteration order matters), spaces collapsed.
     */
    public static String normalize(String answer) {
        String s = answer.toLowerCase(Locale.ROOT).replace('-', ' ').replaceAll("[^a-z0-9 ]", " ");
        StringBuilder out = new StringBuilder();
        for (String w : s.trim().split("\\s+")) {
            if (w.isEmpty() || FILLER.contains(w)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(SYNONYMS.getOrDefault(w, w));
        }
        return out.toString();
    }

    /** Whether a predicted answer, normalised, equals the canonical answer, normalised. */
    public static boolean matches(String predicted, String canonical) {
        return normalize(predicted).equals(normalize(canonical));
    }
}
