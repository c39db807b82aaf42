package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * 2-D convolution with square kernels. Input {@code (B, C_in, H, W)}, output {@code (B, C_out, H', W')};
 * {@code weight} is {@code [C_out, C_in, k, k]} as in PyTorch.
 */
public final class Conv2d extends Module {
  private final long inChannels;
  private final long outChannels;
  private final int kernel;
  private final Shape stride;
  private final Shape padding;
  private final Parameter weight;
  private final Parameter bias;

  public Conv2d(long inChannels, long outChannels, int kernel, int stride, int padding, boolean bias) {
    if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "Conv2d(in=" + inChannels + ", out=" + outChannels + ", kernel=" + kernel + ", stride="
              + stride + ", padding=" + padding + ") is not a valid convolution");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = new Shape(stride, stride);
    this.padding = new Shape(padding, padding);
    float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel * kernel));
    this.weight =
        param(
            "weight",
            new Shape(outChannels, inChannels, kernel, kernel),
            new UniformInitializer(bound));
    this.bias = bias ? param("bias", new Shape(outChannels), new UniformInitializer(bound)) : null;
  }

  public NDArray forward(NDArray x) {
    NDArray b = bias == null ? null : bias.getArray();
    return ai.djl.nn.convolutional.Conv2d.conv2d(
            x, weight.getArray(), b, stride, padding, new Shape(1, 1))
        .singletonOrThrow();
  }

  public long inChannels() {
    return inChannels;
  }

  public long outChannels() {
    return outChannels;
  }

  public int kernel() {
    return kernel;
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }
}
