package io.difflens.models.bundle;

/**
 * Which Stable Diffusion generation a bundle's UNet belongs to; it decides how prompts become the
 * UNet's conditioning.
 */
public enum BundleFamily {
  /**
   * SDXL: the context is the concatenation along channels of both text encoders' penultimate hidden
   * states ({@code hidden_states[-2]}, no final norm); the pooled embedding is {@code
   * text_encoder_2}'s projected EOS embedding; six time ids (size, crop, target size); the empty
   * prompt encodes to zeros ({@code force_zeros_for_empty_prompt}). A bundle without {@code
   * text_encoder_2/} (the tiny ones) uses its one {@code text_encoder}, which must then have a
   * projection, for both the context and the pooled embedding.
   */
  SDXL,
  /** SD 1.x / 2.x: the context is {@code text_encoder}'s last hidden state after its final norm. */
  SD
}
