/** The encoder half of the diffusers {@code AutoencoderKL}: images to latent distributions. */
package io.difflens.models.vae;
