package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Standard normal noise drawn in Java from the step's generator, not from the engine's global
 * random state: a step's noise is then a pure function of (seed, step), which resuming relies on.
 */
public final class Noise {
  private Noise() {}

  public static NDArray normal(NDManager manager, Shape shape, RandomGenerator rng) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return manager.create(v, shape);
  }

  /**
   * Training timesteps weighted towards high noise, where the text decides the content: half
   * uniform, half with density proportional to t.
   */
  public static long[] timesteps(int batch, int steps, RandomGenerator rng) {
    long[] t = new long[batch];
    for (int i = 0; i < batch; i++) {
      double u = rng.nextDouble();
      double x = rng.nextBoolean() ? u : Math.sqrt(u);
      t[i] = Math.min(steps - 1, (long) (x * steps));
    }
    return t;
  }
}
