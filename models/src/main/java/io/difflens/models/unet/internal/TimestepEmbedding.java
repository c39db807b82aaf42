package io.difflens.models.unet.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * diffusers {@code TimestepEmbedding}: {@code linear_1}, activation, {@code linear_2}. (B, in) ->
 * (B, out). Also holds the parameter-free sinusoidal projection ({@code Timesteps}).
 */
public final class TimestepEmbedding extends Module {
  private final Linear linear1;
  private final Linear linear2;
  private final ActivationFunction act;

  public TimestepEmbedding(int in, int out, ActivationFunction act) {
    this.act = act;
    this.linear1 = child("linear_1", new Linear(in, out, true));
    this.linear2 = child("linear_2", new Linear(out, out, true));
  }

  public NDArray forward(NDArray x) {
    return linear2.forward(act.apply(linear1.forward(x)));
  }

  /**
   * diffusers {@code get_timestep_embedding}: for each timestep t (N) the features sin(t·f_i) and
   * cos(t·f_i) with f_i = exp(−ln(10000)·i / (dim/2 − shift)), cos first when flipped. (N) -> (N,
   * dim). Computed in float32 in torch's operation order.
   */
  public static NDArray sinusoidal(
      NDArray timesteps, int dim, boolean flipSinToCos, float freqShift) {
    NDManager m = timesteps.getManager();
    int half = dim / 2;
    NDArray freqs =
        Scalars.div(Scalars.mul(m.arange(0f, (float) half), (float) -Math.log(10000)), half - freqShift)
            .exp(); // (dim/2)
    NDArray args =
        timesteps
            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
            .expandDims(1)
            .mul(freqs.expandDims(0)); // (N, dim/2)
    NDArray sin = args.sin();
    NDArray cos = args.cos();
    NDArray emb = flipSinToCos ? cos.concat(sin, 1) : sin.concat(cos, 1); // (N, 2·(dim/2))
    if (dim % 2 == 1) {
      emb = emb.pad(new ai.djl.ndarray.types.Shape(0, 1), 0);
    }
    return emb;
  }
}
