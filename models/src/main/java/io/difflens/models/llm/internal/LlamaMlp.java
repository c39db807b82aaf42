package io.difflens.models.llm.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/** transformers' {@code LlamaMLP} (SwiGLU): {@code down(silu(gate(x)) * up(x))}. */
public final class LlamaMlp extends Module {
  private final Linear gateProj;
  private final Linear upProj;
  private final Linear downProj;

  public LlamaMlp(int width, int intermediate) {
    this.gateProj = child("gate_proj", new Linear(width, intermediate, false));
    this.upProj = child("up_proj", new Linear(width, intermediate, false));
    this.downProj = child("down_proj", new Linear(intermediate, width, false));
  }

  public NDArray forward(NDArray x) {
    return downProj.forward(
        ActivationFunction.SILU.apply(gateProj.forward(x)).mul(upProj.forward(x)));
  }
}
