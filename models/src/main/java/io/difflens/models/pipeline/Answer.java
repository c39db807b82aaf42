package io.difflens.models.pipeline;

import java.time.Duration;

/**
 * One generated answer.
 *
 * @param text the decoded answer (stop token excluded)
 * @param tokens the generated ids, stop token excluded
 * @param stopped whether the stop token ended it (otherwise the length limit did)
 * @param prefill time of the batch's prompt pass
 * @param decode time of the batch's token-by-token steps
 */
public record Answer(String text, long[] tokens, boolean stopped, Duration prefill, Duration decode) {
  public Answer {
    tokens = tokens.clone();
  }

  @Override
  public long[] tokens() {
    return tokens.clone();
  }

  /** Number of generated tokens (stop token excluded). */
  public int tokenCount() {
    return tokens.length;
  }
}
