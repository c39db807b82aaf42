package io.difflens.models.testing;

import io.difflens.models.image.ImageTensor;
import java.util.SplittableRandom;

/** Synthetic images for pipeline tests. */
public final class TestImages {
  private TestImages() {}

  /** A seeded random image in [-1, 1]. */
  public static ImageTensor random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[3 * size * size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return new ImageTensor(size, v);
  }
}
