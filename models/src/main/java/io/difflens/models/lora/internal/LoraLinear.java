package io.difflens.models.lora.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * The low-rank pair of one adapted linear layer, named as peft names it: {@code lora_A} (in to r,
 * {@code [r, in]}) and {@code lora_B} (r to out, {@code [out, r]}), no biases.
 */
public final class LoraLinear extends Module {
  private final Linear loraA;
  private final Linear loraB;

  public LoraLinear(long in, long out, int rank) {
    this.loraA = child("lora_A", new Linear(in, rank, false));
    this.loraB = child("lora_B", new Linear(rank, out, false));
  }

  public Linear loraA() {
    return loraA;
  }

  public Linear loraB() {
    return loraB;
  }

  /** {@code scaling * B(A(dropout(x)))}, (..., in) to (..., out). */
  public NDArray delta(NDArray x, float scaling, float dropout, boolean training) {
    NDArray h =
        training && dropout > 0
            ? ai.djl.nn.norm.Dropout.dropout(x, dropout, true).singletonOrThrow()
            : x;
    return Scalars.mul(loraB.forward(loraA.forward(h)), scaling);
  }
}
