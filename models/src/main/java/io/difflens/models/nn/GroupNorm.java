package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Group normalisation over {@code (B, C, ...)}: statistics per sample and group of {@code C / groups}
 * channels, then a per-channel affine transform.
 *
 * <p>DJL's PyTorch engine exposes no group-norm op: the input is reshaped to {@code (B, G, -1)} and
 * normalised with the fused layer-norm kernel over the last axis (matches torch to ~2e-7).
 */
public final class GroupNorm extends Module {
  private final int groups;
  private final long channels;
  private final float eps;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNorm(int groups, long channels, float eps) {
    if (groups <= 0 || channels <= 0 || channels % groups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm needs channels divisible by groups, got channels=" + channels + " groups="
              + groups);
    }
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = param("weight", new Shape(channels), Initializer.ONES);
    this.bias = param("bias", new Shape(channels), Initializer.ZEROS);
  }

  public NDArray forward(NDArray x) {
    Shape shape = x.getShape(); // (B, C, ...)
    if (shape.dimension() < 2 || shape.get(1) != channels) {
      throw new IllegalArgumentException(
          "GroupNorm(" + channels + ") got input of shape " + shape);
    }
    NDArray grouped = x.reshape(shape.get(0), groups, -1); // (B, G, C/G * ...)
    Shape normalized = new Shape(grouped.getShape().get(2));
    NDArray ones = x.getManager().ones(normalized, x.getDataType(), x.getDevice());
    NDArray zeros = x.getManager().zeros(normalized, x.getDataType(), x.getDevice());
    NDArray y =
        ai.djl.nn.norm.LayerNorm.layerNorm(grouped, normalized, ones, zeros, eps)
            .singletonOrThrow()
            .reshape(shape); // (B, C, ...)
    long[] affine = new long[shape.dimension()];
    java.util.Arrays.fill(affine, 1);
    affine[1] = channels; // (1, C, 1, ...)
    Shape affineShape = new Shape(affine);
    return y.mul(weight.getArray().reshape(affineShape)).add(bias.getArray().reshape(affineShape));
  }

  public int groups() {
    return groups;
  }

  public float eps() {
    return eps;
  }
}
