package io.difflens.ingest.validation;

/** How the question conditions the visual features (see DESIGN.md §1). */
public enum FeatureMode {
  /** Empty prompt only. */
  UNCOND,
  /** With the prompt. */
  COND,
  /** Classifier-free guidance on features: {@code f_uncond + w (f_cond - f_uncond)}. */
  CFG,
  /** Unconditional and conditional features concatenated. */
  CONCAT
}
