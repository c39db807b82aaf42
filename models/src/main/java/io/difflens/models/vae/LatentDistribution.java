package io.difflens.models.vae;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.random.RandomGenerator;

/**
 * diffusers {@code DiagonalGaussianDistribution} over latents: {@code moments} (B, 2·L, h, w) split
 * into mean and log-variance (clamped to [−30, 20]) on channels.
 */
public final class LatentDistribution {
  private final NDArray mean;
  private final NDArray logvar;

  public LatentDistribution(NDArray moments) {
    long channels = moments.getShape().get(1);
    if (channels % 2 != 0) {
      throw new IllegalArgumentException(
          "moments need an even channel count, got " + moments.getShape());
    }
    NDList halves = moments.split(2, 1);
    this.mean = halves.get(0); // (B, L, h, w)
    this.logvar = halves.get(1).clip(-30f, 20f); // (B, L, h, w)
  }

  public NDArray mean() {
    return mean;
  }

  public NDArray logvar() {
    return logvar;
  }

  /** exp(logvar / 2). */
  public NDArray std() {
    return Scalars.mul(logvar, 0.5f).exp();
  }

  /** The most likely latent (the mean). */
  public NDArray mode() {
    return mean;
  }

  /**
   * A latent drawn as mean + std · ε, with ε from {@code random} (Java-side, so a seed reproduces
   * the draw on any engine and thread).
   */
  public NDArray sample(RandomGenerator random) {
    int n = Math.toIntExact(mean.size());
    float[] eps = new float[n];
    for (int i = 0; i < n; i++) {
      eps[i] = (float) random.nextGaussian();
    }
    NDArray noise = mean.getManager().create(eps, mean.getShape());
    return mean.add(std().mul(noise));
  }
}
