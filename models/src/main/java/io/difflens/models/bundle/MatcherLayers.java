package io.difflens.models.bundle;

/** Which cross-attention layers the image-text matcher averages over. */
public enum MatcherLayers {
  /** Every {@code attn2} of the UNet (the paper's protocol). */
  ALL,
  /**
   * Discffusion's choice: the last down block with cross-attention, the mid block and the last up
   * block with cross-attention (6 of SD-2.1's 16 layers).
   */
  LAST_PER_STAGE
}
