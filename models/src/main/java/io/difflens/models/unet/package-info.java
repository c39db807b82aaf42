/**
 * The diffusers {@code UNet2DConditionModel} (SD 2.x and SDXL) built from its {@code config.json},
 * with named activation capture for feature extraction and attention matching. Building blocks
 * (resnets, transformers, attention, up/down samplers), shared with the VAE, live in {@code
 * internal}.
 */
package io.difflens.models.unet;
