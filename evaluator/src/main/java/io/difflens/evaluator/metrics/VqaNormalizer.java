package io.difflens.evaluator.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answer normalisation of the official VQA-v2 evaluation script ({@code vqaEval.py}), step for step:
 * {@link #processPunctuation} then {@link #processDigitArticle}.
 */
public final class VqaNormalizer {
    /** The script's punctuation list, in its order (no '-', '!', '{', '}': they are kept). */
    private static final List<String> PUNCT = List.of(
            ";", ":", "/", "'", "[", "]", "\"", "(", ")", "=", "+", "\\", "_", ">", "<", "@", "`", ",", "?");
    private static final Pattern COMMA_STRIP = Pattern.compile("([0-9])(,)([0-9])");
    /**
     * The script's {@code (?!<=\d)(\.)(?!\d)}: the leading group is a (mistyped) look-ahead for the
     * text "<=" and a digit, which never matches before a '.', so any period not followed by a digit
     * goes. Kept verbatim so that the behaviour is the script's.
     */
    private static final Pattern PERIOD_STRIP = Pattern.compile("(?!<=[0-9])(\\.)(?![0-9])");
    /** The script passes {@code re.UNICODE} (= 32) where {@code re.sub} expects a count. */
    private static final int PERIOD_STRIP_MAX = 32;
    private static final Map<String, String> MANUAL_MAP = Map.ofEntries(
            Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");
    private static final Map<String, String> CONTRACTIONS = loadContractions();

    private VqaNormalizer() {
    }

    /** Both steps, as the script applies them to a model's answer. */
    public static String normalize(String answer) {
        return processDigitArticle(processPunctuation(answer));
    }

    /**
     * Each punctuation mark is deleted when it touches a space somewhere in the text (or when the text
     * has a digit-comma-digit anywhere), else replaced by a space; then periods not followed by a
     * digit are deleted (at most 32 of them).
     */
    public static String processPunctuation(String in) {
        String out = in;
        boolean commaBetweenDigits = COMMA_STRIP.matcher(in).find();
        for (String p : PUNCT) {
            if (in.contains(p + " ") || in.contains(" " + p) || commaBetweenDigits) {
                out = out.replace(p, "");
            } else {
                out = out.replace(p, " ");
            }
        }
        Matcher m = PERIOD_STRIP.matcher(out);
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (n < PERIOD_STRIP_MAX && m.find()) {
            m.appendReplacement(b, "");
            n++;
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Lower-cases, splits on whitespace, maps number words ("two" to "2", "none" to "0"), drops the
     * articles a/an/the, expands the script's contraction table ("dont" to "don’t"), joins by spaces.
     */
    public static String processDigitArticle(String in) {
        List<String> words = new ArrayList<>();
        for (String w : in.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            String mapped = MANUAL_MAP.getOrDefault(w, w);
            if (!ARTICLES.contains(mapped)) {
                words.add(mapped);
            }
        }
        words.replaceAll(w -> CONTRACTIONS.getOrDefault(w, w));
        return String.join(" ", words);
    }

    private static Map<String, String> loadContractions() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = VqaNormalizer.class.getResourceAsStream("vqa_contractions.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource vqa_contractions.tsv is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] kv = line.split("\t", 2);
                map.put(kv[0], kv[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
