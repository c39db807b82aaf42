package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Locale;

/** The activation functions the upstream configs name ({@code act_fn}, {@code hidden_act}). */
public enum ActivationFunction {
  /** Exact (erf) GELU, PyTorch's default. */
  GELU,
  /** GELU with the tanh approximation ({@code gelu_pytorch_tanh}, {@code gelu_new}). */
  GELU_TANH,
  /** {@code x * sigmoid(1.702 x)}, OpenAI CLIP's activation. */
  QUICK_GELU,
  /** {@code x * sigmoid(x)} ({@code silu} / {@code swish}). */
  SILU;

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

  public NDArray apply(NDArray x) {
    return switch (this) {
      case GELU -> Activation.gelu(x);
      case GELU_TANH ->
          Scalars.mul(x, 0.5f)
              .mul(Scalars.add(Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715f)), SQRT_2_OVER_PI).tanh(), 1f));
      case QUICK_GELU -> x.mul(Activation.sigmoid(Scalars.mul(x, 1.702f)));
      case SILU -> x.mul(Activation.sigmoid(x));
    };
  }

  /** Parses an upstream config value such as {@code "silu"}, {@code "quick_gelu"}, {@code "gelu"}. */
  public static ActivationFunction fromConfig(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu-approximate" -> GELU_TANH;
      case "quick_gelu" -> QUICK_GELU;
      case "silu", "swish" -> SILU;
      default ->
          throw new IllegalArgumentException(
              "unsupported activation '" + name + "' (known: gelu, gelu_new, gelu_pytorch_tanh,"
                  + " quick_gelu, silu, swish)");
    };
  }
}
