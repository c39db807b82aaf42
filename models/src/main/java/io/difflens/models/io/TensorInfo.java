package io.difflens.models.io;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header: its name, element type, shape and the byte range of its
 * data, relative to the start of the data section (as the header states it).
 */
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {

  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': bad data_offsets [" + begin + ", " + end + "]");
    }
    long expected = shape.size() * dtype.bytes();
    if (end - begin != expected) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': data_offsets ["
              + begin
              + ", "
              + end
              + "] span "
              + (end - begin)
              + " bytes but "
              + dtype
              + " "
              + shape
              + " needs "
              + expected);
    }
  }

  /** Number of bytes of the tensor's data. */
  public long byteLength() {
    return end - begin;
  }
}
