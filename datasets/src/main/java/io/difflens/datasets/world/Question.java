package io.difflens.datasets.world;

import java.util.List;
import java.util.Objects;

/**
 * A question about a scene, with its answer computed from the scene by the {@link Query}.
 *
 * @param query what the question means
 * @param text the question as worded, e.g. {@code "What color is the star?"}
 * @param answer the canonical short answer ({@code query.answer(scene)})
 * @param options multiple-choice options including the answer, or empty for an open question
 */
public record Question(Query query, String text, String answer, List<String> options) {

    public Question {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answer, "answer");
        options = List.copyOf(options);
        if (!options.isEmpty() && !options.contains(answer)) {
            throw new IllegalArgumentException("options " + options + " do not contain the answer '" + answer + "'");
        }
        if (options.stream().distinct().count() != options.size()) {
            throw new IllegalArgumentException("options repeat: " + options);
        }
    }

    /**
     * Asks a query of a scene: computes the answer.
     *
     * @throws IllegalArgumentException if the query has no unique answer in the scene
     */
    public static Question ask(Scene scene, Query query, String text, List<String> options) {
        String answer = query.answer(scene).orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' has no unique answer in " + scene));
        return new Question(query, text, answer, options);
    }

    public QuestionKind kind() {
        return query.kind();
    }

    /** Index of the answer among the options, or -1 for an open question. */
    public int answerIndex() {
        return options.indexOf(answer);
    }

    /** A copy with other multiple-choice options (which must contain the answer). */
    public Question withOptions(List<String> newOptions) {
        return new Question(query, text, answer, newOptions);
    }
}
