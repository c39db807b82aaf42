package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.Module;

/**
 * diffusers {@code Upsample2D} with a convolution: nearest-neighbour upsampling to the size of the
 * matching skip tensor (twice the input for even sizes), then a 3×3 {@code conv}. (B, C, H, W) ->
 * (B, C_out, H', W').
 */
public final class Upsample2D extends Module {
  private final Conv2d conv;

  public Upsample2D(int channels, int outChannels) {
    this.conv = child("conv", new Conv2d(channels, outChannels, 3, 1, 1, true));
  }

  /** Upsamples to (outH, outW) then convolves. */
  public NDArray forward(NDArray x, long outH, long outW) {
    return conv.forward(nearest(x, outH, outW));
  }

  /** torch {@code interpolate(mode="nearest")}: source index floor(dst · in / out). */
  static NDArray nearest(NDArray x, long outH, long outW) {
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    if (outH == 2 * h && outW == 2 * w) {
      return x.repeat(2, 2).repeat(3, 2); // each pixel twice along H, then W
    }
    NDArray rows = sourceIndex(x, h, outH);
    NDArray cols = sourceIndex(x, w, outW);
    return x.get(new NDIndex(":, :, {}", rows)).get(new NDIndex(":, :, :, {}", cols));
  }

  private static NDArray sourceIndex(NDArray x, long in, long out) {
    long[] idx = new long[(int) out];
    float scale = (float) in / out;
    for (int i = 0; i < idx.length; i++) {
      idx[i] = Math.min((long) Math.floor(i * scale), in - 1);
    }
    return x.getManager().create(idx).toType(DataType.INT64, false);
  }
}
