package io.difflens.models.bundle;

/** How the image-text matcher turns a UNet pass into a score. */
public enum MatchScorer {
  /** Cross-attention logits, LogSumExp over text positions, mean over heads, pixels, layers. */
  ATTENTION,
  /** Diffusion-ITM: {@code -mean_t ||ε - ε̂(x_t, t, text)||₂}. */
  DIFFUSION_ITM
}
