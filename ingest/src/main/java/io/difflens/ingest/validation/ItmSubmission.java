package io.difflens.ingest.validation;

import java.util.List;
import java.util.Objects;

/** A validated image–text matching request: rows are images, columns are texts. */
public record ItmSubmission(String id, List<ValidatedImage> images, List<String> texts) {
  public ItmSubmission {
    Objects.requireNonNull(id, "id");
    images = List.copyOf(images);
    texts = List.copyOf(texts);
    if (images.isEmpty() || texts.isEmpty()) {
      throw new IllegalArgumentException("ITM needs at least one image and one text, got "
          + images.size() + " and " + texts.size());
    }
  }
}
