package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Visual features of one image: {@code tokens × channels} floats, row-major (token t's channels are
 * {@code values[t*channels .. (t+1)*channels)}); tokens run over the pooled grid row by row.
 * Immutable; plain Java so it can travel (Kafka) without native memory.
 */
public record FeatureTensor(int tokens, int channels, float[] values) {
  public FeatureTensor {
    if (tokens <= 0 || channels <= 0 || values == null || values.length != (long) tokens * channels) {
      throw new IllegalArgumentException(
          "features of "
              + tokens
              + " tokens x "
              + channels
              + " channels need "
              + (long) tokens * channels
              + " values, got "
              + (values == null ? "null" : values.length));
    }
    values = values.clone();
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  /** The channel range {@code [from, to)} of every token (e.g. one half of CONCAT features). */
  public FeatureTensor channels(int from, int to) {
    if (from < 0 || to > channels || from >= to) {
      throw new IllegalArgumentException(
          "channel range [" + from + ", " + to + ") outside [0, " + channels + ")");
    }
    int c = to - from;
    float[] out = new float[tokens * c];
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(values, t * channels + from, out, t * c, c);
    }
    return new FeatureTensor(tokens, c, out);
  }

  /** The features as a (tokens, channels) float32 array of {@code manager}. */
  public NDArray toArray(NDManager manager) {
    return manager.create(values, new Shape(tokens, channels));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureTensor f
        && f.tokens == tokens
        && f.channels == channels
        && Arrays.equals(f.values, values);
  }

  @Override
  public int hashCode() {
    return (31 * tokens + channels) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FeatureTensor[" + tokens + "x" + channels + "]";
  }
}
