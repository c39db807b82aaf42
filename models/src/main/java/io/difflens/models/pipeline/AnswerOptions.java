package io.difflens.models.pipeline;

import io.difflens.models.bundle.AnswererDefaults;
import java.util.Objects;

/**
 * Options of one answering call (one batch shares them).
 *
 * @param promptTemplate LLM prompt with one {@code <image>} and one {@code {question}}
 * @param maxNewTokens length limit
 * @param stopToken the token that ends an answer
 * @param decoding greedy or sampling
 * @param seed sampling seed (every row of a batch samples as a single call with this seed would)
 */
public record AnswerOptions(
    String promptTemplate, int maxNewTokens, String stopToken, Decoding decoding, long seed) {

  public AnswerOptions {
    // the bundle defaults record validates the template, length and stop token
    new AnswererDefaults(promptTemplate, maxNewTokens, stopToken, 0, 1);
    Objects.requireNonNull(decoding, "decoding");
  }

  /** A bundle's defaults, seed 0. */
  public static AnswerOptions of(AnswererDefaults d) {
    return new AnswerOptions(
        d.promptTemplate(), d.maxNewTokens(), d.stopToken(), Decoding.of(d.temperature(), d.topP()), 0);
  }

  public AnswerOptions withMaxNewTokens(int n) {
    return new AnswerOptions(promptTemplate, n, stopToken, decoding, seed);
  }

  public AnswerOptions withDecoding(Decoding d) {
    return new AnswerOptions(promptTemplate, maxNewTokens, stopToken, d, seed);
  }

  public AnswerOptions withSeed(long s) {
    return new AnswerOptions(promptTemplate, maxNewTokens, stopToken, decoding, s);
  }

  public AnswerOptions withPromptTemplate(String t) {
    return new AnswerOptions(t, maxNewTokens, stopToken, decoding, seed);
  }
}
