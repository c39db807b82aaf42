package io.difflens.models.pipeline;

/** How a VAE latent is taken from the encoder's distribution. */
public enum LatentSampling {
  /** The mean: the same image always gives the same latent. */
  MODE,
  /** A draw mean + std·ε with ε from the request's seed (diffusers' {@code latent_dist.sample()}). */
  SAMPLE
}
