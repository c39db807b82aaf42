package io.difflens.models.bundle;

/** Where the UNet works: on VAE latents or directly on pixels. */
public enum LatentSpace {
  /** Images are encoded by the bundle's {@code vae/} and scaled by its {@code scaling_factor}. */
  VAE,
  /** The UNet takes the [-1, 1] image itself; the bundle has no {@code vae/}. */
  PIXEL
}
