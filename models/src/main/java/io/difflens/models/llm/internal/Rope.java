package io.difflens.models.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding with transformers' {@code rotate_half} convention: the first and second
 * halves of each head form the rotated pairs (not interleaved). A pure function of positions;
 * nothing is cached in fields.
 */
public final class Rope {
  private final int headDim;
  private final float[] invFreq;

  public Rope(int headDim, double theta) {
    this.headDim = headDim;
    this.invFreq = new float[headDim / 2];
    for (int i = 0; i < invFreq.length; i++) {
      // float32 arithmetic as upstream: 1 / theta^(float(2i) / dim)
      float exponent = (float) (2 * i) / (float) headDim;
      invFreq[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
    }
  }

  /** cos and sin tables (T, d) for positions {@code start .. start + length - 1}. */
  public NDArray[] tables(NDManager manager, long start, int length) {
    float[] cos = new float[length * headDim];
    float[] sin = new float[length * headDim];
    int half = headDim / 2;
    for (int t = 0; t < length; t++) {
      float pos = (float) (start + t);
      for (int i = 0; i < half; i++) {
        float angle = pos * invFreq[i];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        cos[t * headDim + i] = c;
        cos[t * headDim + half + i] = c;
        sin[t * headDim + i] = s;
        sin[t * headDim + half + i] = s;
      }
    }
    Shape shape = new Shape(length, headDim);
    return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
  }

  /**
   * cos and sin tables (B, 1, T, d) for a position per row and token (left-padded batches, where
   * each row's positions start after its padding).
   */
  public NDArray[] tables(NDManager manager, long[][] positions) {
    int rows = positions.length;
    int length = positions[0].length;
    float[] cos = new float[rows * length * headDim];
    float[] sin = new float[rows * length * headDim];
    int half = headDim / 2;
    for (int b = 0; b < rows; b++) {
      for (int t = 0; t < length; t++) {
        float pos = (float) positions[b][t];
        int base = (b * length + t) * headDim;
        for (int i = 0; i < half; i++) {
          float angle = pos * invFreq[i];
          float c = (float) Math.cos(angle);
          float s = (float) Math.sin(angle);
          cos[base + i] = c;
          cos[base + half + i] = c;
          sin[base + i] = s;
          sin[base + half + i] = s;
        }
      }
    }
    Shape shape = new Shape(rows, 1, length, headDim);
    return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
  }

  /** x (B, H, T, d) rotated by cos/sin (T, d) or (B, 1, T, d). */
  public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(3) / 2;
    NDArray x1 = x.get("..., :" + half); // (B, H, T, d/2)
    NDArray x2 = x.get("..., " + half + ":"); // (B, H, T, d/2)
    NDArray rotated = x2.neg().concat(x1, -1); // (B, H, T, d)
    return x.mul(cos).add(rotated.mul(sin));
  }
}
