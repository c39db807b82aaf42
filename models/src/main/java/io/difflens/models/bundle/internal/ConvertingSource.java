package io.difflens.models.bundle.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.io.TensorInfo;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.util.Map;

/**
 * A tensor source whose floating tensors arrive in the bundle's compute type, so a half-precision
 * bundle never holds a float32 copy of its weights.
 */
public final class ConvertingSource implements TensorSource {
  private final TensorSource delegate;
  private final DataType type;

  public ConvertingSource(TensorSource delegate, DataType type) {
    this.delegate = delegate;
    this.type = type;
  }

  @Override
  public Map<String, TensorInfo> tensors() {
    return delegate.tensors();
  }

  @Override
  public Map<String, String> metadata() {
    return delegate.metadata();
  }

  @Override
  public NDArray load(String name, NDManager manager) {
    NDArray a = delegate.load(name, manager);
    if (!a.getDataType().isFloating() || a.getDataType() == type) {
      return a;
    }
    NDArray converted = a.toType(type, false);
    a.close();
    return converted;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
