package io.difflens.models.unet.internal;

/**
 * How a UNet's {@link Transformer2DModel}s are built and run.
 *
 * @param linearProjection Linear {@code proj_in/proj_out} on tokens (SD 2.x, SDXL) instead of 1×1
 *     convolutions (SD 1.x)
 * @param upcastAttention compute attention scores in float32 when running in half precision (SD 2.1
 *     overflows in fp16 otherwise); a no-op in float32
 */
public record TransformerStyle(boolean linearProjection, boolean upcastAttention) {}
