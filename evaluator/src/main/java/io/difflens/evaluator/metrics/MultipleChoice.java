package io.difflens.evaluator.metrics;

import java.util.List;
import java.util.OptionalInt;

/**
 * A multiple-choice question answered in free text.
 *
 * @param answer       the model's answer text
 * @param options      the option texts, lettered A, B, C... in order
 * @param correctIndex the 0-based index of the right option
 */
public record MultipleChoice(String answer, List<String> options, int correctIndex) {
    public MultipleChoice {
        options = List.copyOf(options);
        if (correctIndex < 0 || correctIndex >= options.size()) {
            throw new IllegalArgumentException("correct option index " + correctIndex + " is outside the "
                    + options.size() + " options " + options);
        }
    }

    /** The option the answer chose, if any ({@link OptionExtractor}). */
    public OptionalInt chosen() {
        return OptionExtractor.extract(answer, options);
    }

    /** Right when the chosen option is the correct one; unanswered counts as wrong. */
    public boolean correct() {
        OptionalInt c = chosen();
        return c.isPresent() && c.getAsInt() == correctIndex;
    }

    /** Accuracy of a list of questions: the fraction answered correctly (NaN for none). */
    public static double accuracy(List<MultipleChoice> questions) {
        return questions.stream().filter(MultipleChoice::correct).count() / (double) questions.size();
    }
}
