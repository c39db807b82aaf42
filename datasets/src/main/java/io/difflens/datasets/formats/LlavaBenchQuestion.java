package io.difflens.datasets.formats;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import java.util.List;
import java.util.Objects;

/**
 * A LLaVA-Bench-in-the-Wild question: the question, the image's detailed context (what the GPT-4 judge reads in
 * place of the image) and the reference answer.
 *
 * @param questionId the question id
 * @param imageName the image's file name
 * @param image the image
 * @param text the question
 * @param category {@code conv}, {@code detail} or {@code complex} in the real benchmark
 * @param context the image's caption from {@code context.jsonl}, or {@code null}
 * @param referenceAnswer the reference answer, or {@code null} if no answers file was read
 */
public record LlavaBenchQuestion(int questionId, String imageName, ImageSource image, String text, String category,
        String context, String referenceAnswer) {

    public LlavaBenchQuestion {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
    }

    /** As an open question item (answer = the reference answer, or empty when there is none). */
    public QuestionItem toItem() {
        String id = "llava-bench-" + questionId;
        return QuestionItem.of(id, image, text, List.of(), referenceAnswer == null ? "" : referenceAnswer, category,
                id);
    }
}
