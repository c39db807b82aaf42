package io.difflens.evaluator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which option of a multiple-choice question a free-text answer chose. Options are lettered
 * A, B, C... in order. Rules, first that applies wins:
 * <ol>
 *   <li>the whole answer is a letter, optionally bracketed or followed by '.', ')' or ':'
 *       ("B", "(b)", "B.", "B)");</li>
 *   <li>"answer" then optional "is" / ':' then a letter ("Answer: B", "The answer is (C)");</li>
 *   <li>the first bracketed letter anywhere ("I think (A) because...");</li>
 *   <li>a capital letter opening the answer followed by '.', ')' or ':' and a space ("A. red");</li>
 *   <li>the option's own text: after lower-casing and turning punctuation into spaces, the answer equals
 *       one option's text, or contains exactly one option's text as whole words (when several do, the
 *       longest wins if it contains all the others, e.g. "dark red" over "red"; else no answer).</li>
 * </ol>
 * A letter beyond the number of options, or no rule applying, means unanswered.
 */
public final class OptionExtractor {
    private static final Pattern WHOLE_LETTER = Pattern.compile("\\(?([A-Za-z])\\)?[.):]?");
    private static final Pattern ANSWER_IS = Pattern.compile(
            "\\banswer\\s*(?:is\\s*)?(?:option\\s*)?[:：]?\\s*\\(?([A-Za-z])\\b\\)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACKETED = Pattern.compile("\\(([A-Za-z])\\)");
    private static final Pattern LEADING_LETTER = Pattern.compile("([A-Z])[.):]\\s");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");

    private OptionExtractor() {
    }

    /** The 0-based index of the chosen option, or empty when the answer chose none. */
    public static OptionalInt extract(String answer, List<String> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a multiple-choice question needs options; answer was \"" + answer + "\"");
        }
        String text = answer.strip();
        Matcher m = WHOLE_LETTER.matcher(text);
        if (m.matches()) {
            return letter(m.group(1), options.size());
        }
        m = ANSWER_IS.matcher(text);
        if (m.find()) {
            return letter(m.group(1), options.size());
        }
        m = BRACKETED.matcher(text);
        if (m.find()) {
            return letter(m.group(1), options.size());
        }
        m = LEADING_LETTER.matcher(text);
        if (m.lookingAt()) {
            return letter(m.group(1), options.size());
        }
        return byOptionText(text, options);
    }

    /** The letter of the option at {@code index}: 0 to "A". */
    public static String letterOf(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("option index must be 0..25, got " + index);
        }
        return String.valueOf((char) ('A' + index));
    }

    private static OptionalInt letter(String l, int count) {
        int index = Character.toUpperCase(l.charAt(0)) - 'A';
        return index < count ? OptionalInt.of(index) : OptionalInt.empty();
    }

    private static OptionalInt byOptionText(String text, List<String> options) {
        String answer = normalize(text);
        if (answer.isEmpty()) {
            return OptionalInt.empty();
        }
        List<Integer> contained = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String option = normalize(options.get(i));
            if (option.isEmpty()) {
                continue;
            }
            if (option.equals(answer)) {
                return OptionalInt.of(i);
            }
            if ((" " + answer + " ").contains(" " + option + " ")) {
                contained.add(i);
            }
        }
        if (contained.size() == 1) {
            return OptionalInt.of(contained.get(0));
        }
        int longest = -1;
        for (int i : contained) {
            if (longest < 0 || normalize(options.get(i)).length() > normalize(options.get(longest)).length()) {
                longest = i;
            }
        }
        for (int i : contained) {
            String outer = " " + normalize(options.get(longest)) + " ";
            if (!outer.contains(" " + normalize(options.get(i)) + " ")) {
                return OptionalInt.empty();
            }
        }
        return longest < 0 ? OptionalInt.empty() : OptionalInt.of(longest);
    }

    private static String normalize(String s) {
        return NON_ALNUM.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
