package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * {@code y = x Wᵀ + b} over the last axis; {@code weight} is {@code [out, in]} as in PyTorch, so
 * checkpoints load without transposing. Input {@code (..., in)}, output {@code (..., out)}.
 */
public final class Linear extends Module {
  private final long inFeatures;
  private final long outFeatures;
  private final Parameter weight;
  private final Parameter bias;
  // Installed once when adapters are attached (structural, not per call); read on every forward.
  private volatile Adapter adapter;

  /**
   * An additive adapter on a linear layer (LoRA): given the input and this layer's output, returns the adapted
   * output. Implementations choose per call what to add and keep no per-call state in fields.
   */
  @FunctionalInterface
  public interface Adapter {
    NDArray apply(NDArray x, NDArray y);
  }

  public Linear(long inFeatures, long outFeatures, boolean bias) {
    if (inFeatures <= 0 || outFeatures <= 0) {
      throw new IllegalArgumentException(
          "Linear needs positive sizes, got in=" + inFeatures + " out=" + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    // PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
    float bound = (float) (1.0 / Math.sqrt(inFeatures));
    this.weight =
        param("weight", new Shape(outFeatures, inFeatures), new UniformInitializer(bound));
    this.bias = bias ? param("bias", new Shape(outFeatures), new UniformInitializer(bound)) : null;
  }

  public NDArray forward(NDArray x) {
    NDArray w = weight.getArray();
    NDArray y =
        bias == null
            ? ai.djl.nn.core.Linear.linear(x, w).singletonOrThrow()
            : ai.djl.nn.core.Linear.linear(x, w, bias.getArray()).singletonOrThrow();
    Adapter a = adapter;
    return a == null ? y : a.apply(x, y);
  }

  /** Installs {@code adapter} (replacing any previous one); {@code null} removes it. */
  public void setAdapter(Adapter adapter) {
    this.adapter = adapter;
  }

  /** The installed adapter, or {@code null}. */
  public Adapter adapter() {
    return adapter;
  }

  public long inFeatures() {
    return inFeatures;
  }

  public long outFeatures() {
    return outFeatures;
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias parameter, or {@code null} when this layer has none. */
  public Parameter bias() {
    return bias;
  }
}
