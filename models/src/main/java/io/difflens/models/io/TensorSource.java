package io.difflens.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A read-only collection of named tensors, such as a safetensors file or a sharded checkpoint.
 * Describing tensors ({@link #tensors()}) never reads their data, so a checkpoint can be checked
 * against an architecture before anything is allocated.
 */
public interface TensorSource extends AutoCloseable {

  /** Every tensor, by name, in the order the source lists them. */
  Map<String, TensorInfo> tensors();

  /** The {@code __metadata__} string map (merged over shards); empty when absent. */
  Map<String, String> metadata();

  /**
   * Loads one tensor into {@code manager}: floating types as FLOAT32, integer types as INT64.
   *
   * @throws IllegalArgumentException if the name is unknown or its type cannot be loaded
   * @throws UncheckedIOException if reading fails
   */
  NDArray load(String name, NDManager manager);

  /** Whether a tensor of that name exists. */
  default boolean contains(String name) {
    return tensors().containsKey(name);
  }

  @Override
  void close() throws IOException;
}
