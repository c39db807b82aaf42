package io.difflens.trainer.eval;

/** What the answerer sees in place of the UNet's visual tokens. */
public enum Baseline {
  /** The bundle's UNet features under the feature mode. */
  NONE,
  /** Zeroed visual tokens: the same answerer, question only. */
  NO_IMAGE,
  /**
   * Raw-pixel patches on the same token grid, read by the answerer trained on them by the same recipes
   * ({@code variants/pixels/}, {@code difflens train pt|sft --variant pixels}); no UNet.
   */
  PIXELS
}
