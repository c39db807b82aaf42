package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/** transformers' {@code CLIPMLP}: {@code fc2(act(fc1(x)))}, (B, T, D) to (B, T, D). */
public final class ClipMlp extends Module {
  private final ActivationFunction act;
  private final Linear fc1;
  private final Linear fc2;

  public ClipMlp(int width, int intermediate, ActivationFunction act) {
    this.act = act;
    this.fc1 = child("fc1", new Linear(width, intermediate, true));
    this.fc2 = child("fc2", new Linear(intermediate, width, true));
  }

  public NDArray forward(NDArray x) {
    return fc2.forward(act.apply(fc1.forward(x)));
  }
}
