package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.Module;

/**
 * diffusers {@code Downsample2D} with a convolution: a 3×3 stride-2 {@code conv}. With padding 0
 * (the VAE encoder) the input is first zero-padded by one row and column at the bottom and right
 * only, as diffusers does, so odd sizes round the way the checkpoints were trained. (B, C, H, W) ->
 * (B, C_out, ⌈H/2⌉, ⌈W/2⌉).
 */
public final class Downsample2D extends Module {
  private final int padding;
  private final Conv2d conv;

  public Downsample2D(int channels, int outChannels, int padding) {
    this.padding = padding;
    this.conv = child("conv", new Conv2d(channels, outChannels, 3, 2, padding, true));
  }

  public NDArray forward(NDArray x) {
    if (padding == 0) {
      // torch pad order: (left, right, top, bottom) for the last two axes
      return conv.forward(x.pad(new Shape(0, 1, 0, 1), 0));
    }
    return conv.forward(x);
  }
}
