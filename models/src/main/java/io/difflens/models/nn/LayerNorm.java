package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** Layer normalisation over the last axis of {@code (..., D)} with weight and bias of {@code [D]}. */
public final class LayerNorm extends Module {
  private final long dim;
  private final float eps;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNorm(long dim, float eps) {
    if (dim <= 0) {
      throw new IllegalArgumentException("LayerNorm needs a positive size, got " + dim);
    }
    this.dim = dim;
    this.eps = eps;
    this.weight = param("weight", new Shape(dim), Initializer.ONES);
    this.bias = param("bias", new Shape(dim), Initializer.ZEROS);
  }

  public NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(
            x, new Shape(dim), weight.getArray(), bias.getArray(), eps)
        .singletonOrThrow();
  }

  public long dim() {
    return dim;
  }
}
