package io.difflens.models.io;

import java.util.Arrays;

/**
 * Element types of the safetensors format (the header's {@code dtype} strings). Every type can be
 * described and skipped; {@link #loadable()} says which ones {@link TensorSource#load} turns into
 * an NDArray.
 */
public enum DType {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  /** Widened to F32 in Java: DJL's PyTorch engine aborts the JVM on bfloat16 arrays. */
  BF16(2, true),
  I64(8, true),
  I32(4, true),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  private final int bytes;
  private final boolean loadable;

  DType(int bytes, boolean loadable) {
    this.bytes = bytes;
    this.loadable = loadable;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Whether tensors of this type can be loaded as NDArrays (floats as F32, integers as I64). */
  public boolean loadable() {
    return loadable;
  }

  /** Whether the type is a floating-point type (loaded as F32). */
  public boolean isFloating() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** Parses a header dtype string such as {@code "F32"}. */
  public static DType parse(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown safetensors dtype '" + name + "', known: " + Arrays.toString(values()));
  }
}
