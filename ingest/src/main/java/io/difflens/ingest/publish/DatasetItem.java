package io.difflens.ingest.publish;

import io.difflens.ingest.validation.RawVqaInput;
import io.difflens.ingest.validation.Rejection;
import java.util.Objects;

/**
 * One record read from a dataset: either a usable question with its ground truth, or the reason the source
 * could not even produce one (malformed line, missing image file).
 */
public sealed interface DatasetItem {
  /** Where the item came from, for the summary, e.g. {@code questions.jsonl:12}. */
  String location();

  /**
   * A question as read.
   *
   * @param answer reference answer, or {@code null}
   * @param category benchmark sub-task, or {@code null}
   * @param benchmark benchmark name
   */
  record Question(String location, RawVqaInput input, String answer, String category, String benchmark)
      implements DatasetItem {
    public Question {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(benchmark, "benchmark");
    }
  }

  /** A record the source could not read. */
  record Unreadable(String location, Rejection reason) implements DatasetItem {}
}
