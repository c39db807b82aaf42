package io.difflens.ingest.validation;

import java.util.Objects;

/**
 * A visual question that passed every check and may be published.
 *
 * @param caption the caption, or {@code null} when none was given
 */
public record VqaSubmission(String id, ValidatedImage image, String question, String caption, VqaOptions options) {
  public VqaSubmission {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(options, "options");
  }
}
