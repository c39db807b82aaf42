package io.difflens.models.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * diffusers' {@code EulerDiscreteScheduler} (SDXL's default sampler) without its mutable step
 * counter: {@link #plan(int)} fixes the inference timesteps and sigmas, and the plan's methods take
 * the step index explicitly, so one scheduler serves any number of concurrent samplers. Only the
 * deterministic sampler ({@code s_churn = 0}, as diffusers' default) is provided.
 */
public final class EulerDiscreteScheduler {

  private final SchedulerConfig config;
  private final float[] trainSigmas;

  public EulerDiscreteScheduler(SchedulerConfig config) {
    this.config = config;
    this.trainSigmas = config.schedule().trainSigmas();
  }

  /** The config this scheduler was built from. */
  public SchedulerConfig config() {
    return config;
  }

  /** σ at every training timestep, a copy. */
  public float[] trainSigmas() {
    return trainSigmas.clone();
  }

  /**
   * The inference timesteps and sigmas for {@code numInferenceSteps} steps (diffusers' {@code
   * set_timesteps}), with linear interpolation of σ between training timesteps.
   */
  public Plan plan(int numInferenceSteps) {
    int total = config.numTrainTimesteps();
    if (numInferenceSteps < 1 || numInferenceSteps > total) {
      throw new IllegalArgumentException(
          "num_inference_steps must be in [1, " + total + "], got " + numInferenceSteps);
    }
    int n = numInferenceSteps;
    float[] timesteps = new float[n];
    switch (config.timestepSpacing()) {
      case LEADING -> {
        int ratio = total / n;
        for (int i = 0; i < n; i++) {
          timesteps[i] = (float) (n - 1 - i) * ratio + config.stepsOffset();
        }
      }
      case TRAILING -> {
        double ratio = (double) total / n;
        for (int i = 0; i < n; i++) {
          timesteps[i] = (float) (Math.rint(total - i * ratio) - 1);
        }
      }
      case LINSPACE -> {
        // numpy linspace in float64, then cast to float32 as diffusers does
        for (int i = 0; i < n; i++) {
          double t = n == 1 ? 0 : (total - 1) * (double) (n - 1 - i) / (n - 1);
          timesteps[i] = (float) t;
        }
      }
    }
    float[] sigmas = new float[n + 1];
    for (int i = 0; i < n; i++) {
      sigmas[i] = (float) interpolate(timesteps[i]);
    }
    sigmas[n] = 0f;
    float max = 0f;
    for (float s : sigmas) {
      max = Math.max(max, s);
    }
    float initNoiseSigma =
        config.timestepSpacing() == TimestepSpacing.LEADING
            ? (float) Math.sqrt(max * max + 1f)
            : max;
    return new Plan(config.predictionType(), timesteps, sigmas, initNoiseSigma);
  }

  /**
   * numpy {@code interp(t, arange(T), sigmas)}: float64 linear interpolation, clamped at the ends.
   */
  private double interpolate(double t) {
    if (t <= 0) {
      return trainSigmas[0];
    }
    int last = trainSigmas.length - 1;
    if (t >= last) {
      return trainSigmas[last];
    }
    int i = (int) Math.floor(t);
    double frac = t - i;
    if (frac == 0) {
      return trainSigmas[i];
    }
    return (double) trainSigmas[i] + ((double) trainSigmas[i + 1] - trainSigmas[i]) * frac;
  }

  /**
   * A fixed sampling plan: timesteps (descending), sigmas (one more than timesteps, ending at 0)
   * and the noise scale of the initial latents.
   */
  public record Plan(
      PredictionType predictionType, float[] timesteps, float[] sigmas, float initNoiseSigma) {

    public Plan {
      if (sigmas.length != timesteps.length + 1) {
        throw new IllegalArgumentException(
            "need one more sigma than timesteps, got "
                + sigmas.length
                + " and "
                + timesteps.length);
      }
      timesteps = timesteps.clone();
      sigmas = sigmas.clone();
    }

    @Override
    public float[] timesteps() {
      return timesteps.clone();
    }

    @Override
    public float[] sigmas() {
      return sigmas.clone();
    }

    /** Number of denoising steps. */
    public int steps() {
      return timesteps.length;
    }

    /** The UNet input at step {@code i}: {@code sample / sqrt(σ_i² + 1)}. */
    public NDArray scaleModelInput(NDArray sample, int i) {
      float sigma = sigma(i);
      return sample.div((float) Math.sqrt(sigma * sigma + 1f));
    }

    /**
     * One deterministic Euler step from σ_i to σ_{i+1}; returns the previous (less noisy) sample.
     */
    public NDArray step(NDArray modelOutput, int i, NDArray sample) {
      float sigma = sigma(i);
      float next = sigmas[i + 1];
      try (NDArray predOriginal = predictOriginal(modelOutput, sample, sigma);
          NDArray diff = sample.sub(predOriginal);
          NDArray derivative = diff.div(sigma);
          NDArray delta = derivative.mul(next - sigma)) {
        return sample.add(delta);
      }
    }

    private NDArray predictOriginal(NDArray modelOutput, NDArray sample, float sigma) {
      return switch (predictionType) {
        case EPSILON -> {
          try (NDArray scaled = modelOutput.mul(sigma)) {
            yield sample.sub(scaled);
          }
        }
        case V_PREDICTION -> {
          float c = sigma * sigma + 1f;
          try (NDArray a = modelOutput.mul(-sigma / (float) Math.sqrt(c));
              NDArray b = sample.div(c)) {
            yield a.add(b);
          }
        }
        case SAMPLE -> modelOutput.duplicate();
      };
    }

    private float sigma(int i) {
      if (i < 0 || i >= timesteps.length) {
        throw new IllegalArgumentException(
            "step index "
                + i
                + " outside [0, "
                + timesteps.length
                + ") for timesteps "
                + Arrays.toString(timesteps));
      }
      return sigmas[i];
    }
  }
}
