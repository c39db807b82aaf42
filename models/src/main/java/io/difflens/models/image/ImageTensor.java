package io.difflens.models.image;

import java.util.Arrays;

/**
 * A square RGB image as the networks take it: channels-first floats in [-1, 1], {@code 3 × size ×
 * size}, row-major within a channel. Immutable (the array is copied in and out).
 */
public record ImageTensor(int size, float[] chw) {
  public ImageTensor {
    if (size <= 0 || chw == null || chw.length != 3L * size * size) {
      throw new IllegalArgumentException(
          "an ImageTensor of size "
              + size
              + " needs 3*size*size = "
              + 3L * size * size
              + " values, got "
              + (chw == null ? "null" : chw.length));
    }
    chw = chw.clone();
  }

  @Override
  public float[] chw() {
    return chw.clone();
  }

  /** The value of channel {@code c} at row {@code y}, column {@code x}. */
  public float at(int c, int y, int x) {
    return chw[(c * size + y) * size + x];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTensor t && t.size == size && Arrays.equals(t.chw, chw);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(chw);
  }

  @Override
  public String toString() {
    return "ImageTensor[3x" + size + "x" + size + "]";
  }
}
