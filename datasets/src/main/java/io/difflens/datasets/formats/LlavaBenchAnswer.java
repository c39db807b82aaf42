package io.difflens.datasets.formats;

import java.util.Objects;

/**
 * One line of a LLaVA-Bench answers file: {@code {question_id, prompt, text, answer_id, model_id, metadata}}.
 *
 * @param questionId the question answered
 * @param prompt the prompt the model got
 * @param text the answer
 * @param answerId a unique id of this answer
 * @param modelId the answering model
 */
public record LlavaBenchAnswer(int questionId, String prompt, String text, String answerId, String modelId) {

    public LlavaBenchAnswer {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answerId, "answerId");
        Objects.requireNonNull(modelId, "modelId");
    }
}
