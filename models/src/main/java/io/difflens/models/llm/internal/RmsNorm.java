package io.difflens.models.llm.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.difflens.models.nn.Module;

/**
 * transformers' {@code LlamaRMSNorm}: {@code weight * x / sqrt(mean(x²) + eps)} over the last axis.
 */
public final class RmsNorm extends Module {
  private final float eps;
  private final Parameter weight;

  public RmsNorm(long dim, float eps) {
    this.eps = eps;
    this.weight = param("weight", new Shape(dim), Initializer.ONES);
  }

  /** (..., D) to (..., D). */
  public NDArray forward(NDArray x) {
    NDArray inv = Scalars.pow(Scalars.add(x.square().mean(new int[] {-1}, true), eps).sqrt(), -1); // (..., 1)
    return x.mul(inv).mul(weight.getArray());
  }
}
