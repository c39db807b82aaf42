package io.difflens.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The discrete forward-diffusion schedule: betas, {@code alphas_cumprod} and the noising {@code x_t
 * = sqrt(ā_t) x0 + sqrt(1 - ā_t) ε}.
 *
 * <p>Everything is computed in float32 in the order PyTorch computes it, because diffusers builds
 * the schedule as float32 tensors: a float64 schedule would differ from the checkpoints' training
 * schedule by up to 8e-7 relative.
 */
public final class NoiseSchedule {

  private final float[] betas;
  private final float[] alphasCumprod;

  private NoiseSchedule(float[] betas) {
    this.betas = betas;
    this.alphasCumprod = new float[betas.length];
    float product = 1f;
    for (int i = 0; i < betas.length; i++) {
      product *= 1f - betas[i];
      alphasCumprod[i] = product;
    }
  }

  /**
   * The schedule of Stable Diffusion 1/2 and SDXL: scaled-linear 0.00085 → 0.012 over 1000 steps.
   */
  public static NoiseSchedule stableDiffusion() {
    return of(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, 1000);
  }

  /** Builds a schedule as diffusers' {@code DDPMScheduler}/{@code EulerDiscreteScheduler} do. */
  public static NoiseSchedule of(BetaSchedule kind, double betaStart, double betaEnd, int steps) {
    if (steps < 2) {
      throw new IllegalArgumentException("need at least 2 train timesteps, got " + steps);
    }
    if (!(betaStart > 0 && betaEnd > betaStart && betaEnd < 1)) {
      throw new IllegalArgumentException(
          "need 0 < beta_start < beta_end < 1, got " + betaStart + " and " + betaEnd);
    }
    float[] betas =
        switch (kind) {
          case LINEAR -> linspace((float) betaStart, (float) betaEnd, steps);
          case SCALED_LINEAR -> {
            float[] roots =
                linspace((float) Math.sqrt(betaStart), (float) Math.sqrt(betaEnd), steps);
            for (int i = 0; i < roots.length; i++) {
              roots[i] = roots[i] * roots[i];
            }
            yield roots;
          }
        };
    return new NoiseSchedule(betas);
  }

  /**
   * {@code torch.linspace} in float32: the first half counts up from {@code start}, the second half
   * down from {@code end}, so both endpoints are exact.
   */
  static float[] linspace(float start, float end, int steps) {
    float step = (end - start) / (steps - 1);
    int halfway = steps / 2;
    float[] out = new float[steps];
    for (int i = 0; i < steps; i++) {
      out[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
    }
    return out;
  }

  /** Number of training timesteps. */
  public int size() {
    return betas.length;
  }

  /** β_t, a copy. */
  public float[] betas() {
    return betas.clone();
  }

  /** ā_t = Π_{s≤t} (1 − β_s), a copy. */
  public float[] alphasCumprod() {
    return alphasCumprod.clone();
  }

  /** ā at one timestep. */
  public float alphaCumprod(int t) {
    checkTimestep(t);
    return alphasCumprod[t];
  }

  /** σ_t = sqrt((1 − ā_t) / ā_t), the noise level of Karras-style samplers, per timestep. */
  public float[] trainSigmas() {
    float[] sigmas = new float[alphasCumprod.length];
    for (int i = 0; i < sigmas.length; i++) {
      sigmas[i] = (float) Math.sqrt((1f - alphasCumprod[i]) / alphasCumprod[i]);
    }
    return sigmas;
  }

  /**
   * Noises clean samples to per-sample timesteps: {@code sqrt(ā_t) x0 + sqrt(1 − ā_t) noise}.
   *
   * @param x0 clean samples (B, ...)
   * @param noise standard normal noise, same shape
   * @param timesteps one timestep per sample (B)
   */
  public NDArray addNoise(NDArray x0, NDArray noise, long[] timesteps) {
    if (!x0.getShape().equals(noise.getShape())) {
      throw new IllegalArgumentException(
          "x0 " + x0.getShape() + " and noise " + noise.getShape() + " differ in shape");
    }
    long batch = x0.getShape().get(0);
    if (timesteps.length != batch) {
      throw new IllegalArgumentException(
          "need one timestep per sample: batch "
              + batch
              + ", timesteps "
              + Arrays.toString(timesteps));
    }
    float[] signal = new float[timesteps.length];
    float[] noiseScale = new float[timesteps.length];
    for (int i = 0; i < timesteps.length; i++) {
      int t = Math.toIntExact(timesteps[i]);
      checkTimestep(t);
      signal[i] = (float) Math.sqrt(alphasCumprod[t]);
      noiseScale[i] = (float) Math.sqrt(1f - alphasCumprod[t]);
    }
    NDManager m = x0.getManager();
    long[] broadcast = new long[x0.getShape().dimension()];
    Arrays.fill(broadcast, 1);
    broadcast[0] = batch;
    Shape perSample = new Shape(broadcast); // (B, 1, 1, ...)
    try (NDArray a = m.create(signal, perSample);
        NDArray b = m.create(noiseScale, perSample);
        NDArray scaled = x0.mul(a);
        NDArray scaledNoise = noise.mul(b)) {
      return scaled.add(scaledNoise);
    }
  }

  /** {@link #addNoise(NDArray, NDArray, long[])} with the timesteps as an integer array. */
  public NDArray addNoise(NDArray x0, NDArray noise, NDArray timesteps) {
    return addNoise(x0, noise, timesteps.toType(DataType.INT64, false).toLongArray());
  }

  private void checkTimestep(int t) {
    if (t < 0 || t >= alphasCumprod.length) {
      throw new IllegalArgumentException(
          "timestep " + t + " outside [0, " + alphasCumprod.length + ")");
    }
  }
}
