package io.difflens.models.unet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class Upsample2DTest {

  /** torch nearest: output pixel (i, j) reads input (floor(i·h/H), floor(j·w/W)). */
  static float[] reference(float[] x, int h, int w, int outH, int outW) {
    float[] out = new float[outH * outW];
    for (int i = 0; i < outH; i++) {
      for (int j = 0; j < outW; j++) {
        int si = Math.min((int) Math.floor(i * ((float) h / outH)), h - 1);
        int sj = Math.min((int) Math.floor(j * ((float) w / outW)), w - 1);
        out[i * outW + j] = x[si * w + sj];
      }
    }
    return out;
  }

  @Test
  void nearestMatchesTorchRuleForDoubleAndOddSizes() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(1, 1, 3, 4));
      float[] flat = x.toFloatArray();
      assertThat(Upsample2D.nearest(x, 6, 8).toFloatArray())
          .containsExactly(reference(flat, 3, 4, 6, 8));
      assertThat(Upsample2D.nearest(x, 5, 7).toFloatArray())
          .containsExactly(reference(flat, 3, 4, 5, 7));
    }
  }
}
