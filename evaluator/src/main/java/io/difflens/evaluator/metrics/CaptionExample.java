package io.difflens.evaluator.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One image of a caption evaluation: the generated caption and the human references it is scored
 * against.
 *
 * @param imageId    identifies the image (unique within one evaluated set)
 * @param references at least one reference caption
 * @param candidate  the generated caption
 */
public record CaptionExample(String imageId, List<String> references, String candidate) {
    public CaptionExample {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(candidate, () -> "candidate of image " + imageId);
        Objects.requireNonNull(references, () -> "references of image " + imageId);
        if (references.isEmpty()) {
            throw new IllegalArgumentException("image " + imageId + " has no reference caption");
        }
        references = List.copyOf(references);
    }
}
