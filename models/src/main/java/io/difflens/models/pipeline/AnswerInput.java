package io.difflens.models.pipeline;

import java.util.Objects;

/** Visual features and the question to answer about them. */
public record AnswerInput(FeatureTensor features, String question) {
  public AnswerInput {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(question, "question");
  }
}
