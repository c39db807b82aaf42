package io.difflens.models.llm.internal;

import java.util.Arrays;

/** Attention masks of a prompt as generation goes on; shared by every decoding loop over the LLM. */
public final class AttentionMasks {
  private AttentionMasks() {}

  /**
   * The prompt's mask followed by {@code generated} ones (the generated tokens are never padding), one row per
   * batch item; {@code null} (no mask: nothing is padding) stays {@code null}. The prompt mask is not modified.
   */
  public static long[][] extend(long[][] promptMask, int generated) {
    if (generated < 0) {
      throw new IllegalArgumentException("generated must be >= 0, got " + generated);
    }
    if (promptMask == null) {
      return null;
    }
    long[][] mask = new long[promptMask.length][];
    for (int r = 0; r < promptMask.length; r++) {
      mask[r] = Arrays.copyOf(promptMask[r], promptMask[r].length + generated);
      Arrays.fill(mask[r], promptMask[r].length, mask[r].length, 1L);
    }
    return mask;
  }
}
