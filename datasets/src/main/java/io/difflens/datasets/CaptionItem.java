package io.difflens.datasets;

import java.util.List;
import java.util.Objects;

/**
 * An image to caption with its reference captions.
 *
 * @param id unique id within the benchmark
 * @param image the image
 * @param prompt the instruction given to the model
 * @param references reference captions (5 for COCO and synth-captions)
 * @param split dataset split ({@code train}, {@code val}, {@code test}; COCO-Karpathy {@code restval} reads as
 *     {@code train})
 */
public record CaptionItem(String id, ImageSource image, String prompt, List<String> references, String split) {

    /** The instruction LLaVA-style models get for short captions. */
    public static final String DEFAULT_PROMPT = "Describe the image briefly.";

    public CaptionItem {
        QuestionItem.requireText(id, "id");
        Objects.requireNonNull(image, "image");
        QuestionItem.requireText(prompt, "prompt");
        QuestionItem.requireText(split, "split");
        references = List.copyOf(references);
        if (references.isEmpty()) {
            throw new IllegalArgumentException("caption item " + id + " has no reference caption");
        }
    }
}
