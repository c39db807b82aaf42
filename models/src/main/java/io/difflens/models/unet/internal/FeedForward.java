package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;

/**
 * diffusers {@code FeedForward} with a GEGLU input: {@code net.0.proj} maps D to 2·F (value and
 * gate halves), the value is multiplied by exact GELU of the gate, and {@code net.2} maps F back to
 * D. ({@code net.1} is dropout, parameter-free.) Input and output (B, N, D).
 */
public final class FeedForward extends Module {
  private final Linear proj;
  private final Linear out;

  public FeedForward(int dim, int innerDim) {
    ModuleList<Module> net = child("net", new ModuleList<>());
    GegluInput geglu = new GegluInput(dim, innerDim);
    net.add(geglu);
    this.proj = geglu.proj;
    net.add(new Dropout());
    Linear projectOut = new Linear(innerDim, dim, true);
    net.add(projectOut);
    this.out = projectOut;
  }

  public NDArray forward(NDArray x) {
    NDArray projected = proj.forward(x); // (B, N, 2F)
    NDList halves = projected.split(2, projected.getShape().dimension() - 1);
    NDArray gated = halves.get(0).mul(Activation.gelu(halves.get(1))); // (B, N, F)
    return out.forward(gated);
  }

  /** diffusers {@code GEGLU}: only its {@code proj} holds parameters. */
  private static final class GegluInput extends Module {
    final Linear proj;

    GegluInput(int dim, int innerDim) {
      this.proj = child("proj", new Linear(dim, 2L * innerDim, true));
    }
  }

  /** Placeholder for an upstream dropout slot: keeps the indices of {@code net} upstream's. */
  private static final class Dropout extends Module {}
}
