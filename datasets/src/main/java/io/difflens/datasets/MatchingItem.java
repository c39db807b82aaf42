package io.difflens.datasets;

import java.util.List;

/**
 * An image-text matching group (Winoground, MMVP-VLM): caption {@code i} describes image {@code i} and not the
 * others.
 *
 * @param id unique id within the benchmark
 * @param images the images, at least two
 * @param captions one caption per image, in the same order
 * @param category the benchmark category (Winoground tag, MMVP-VLM pattern, synthetic swap kind)
 */
public record MatchingItem(String id, List<ImageSource> images, List<String> captions, String category) {

    public MatchingItem {
        QuestionItem.requireText(id, "id");
        images = List.copyOf(images);
        captions = List.copyOf(captions);
        if (images.size() < 2 || images.size() != captions.size()) {
            throw new IllegalArgumentException("matching item " + id + " needs as many captions as images (at "
                    + "least 2), got " + images.size() + " images and " + captions.size() + " captions");
        }
        QuestionItem.requireText(category, "category");
    }
}
