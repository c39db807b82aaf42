package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs what a golden folder describes on its inputs and compares every stored output: the engine of
 * {@code difflens model check DIR}.
 */
public final class GoldenCheck {

  private GoldenCheck() {}

  /**
   * Detects the folder's kind, runs it and compares every output of {@code outputs.safetensors}.
   */
  public static GoldenReport run(Path dir) throws IOException {
    GoldenFolder folder = GoldenFolder.open(dir);
    GoldenKind kind = GoldenKind.detect(folder.config());
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> produced = kind.runner().run(folder, manager);
      List<TensorComparison> out = new ArrayList<>();
      try (TensorSource reference = folder.outputs()) {
        for (String name : reference.tensors().keySet()) {
          out.add(compare(name, produced.get(name), reference.load(name, manager)));
        }
      }
      return new GoldenReport(kind, out);
    }
  }

  static TensorComparison compare(String name, NDArray produced, NDArray reference) {
    if (produced == null) {
      return TensorComparison.failed(name, "not produced");
    }
    if (!produced.getShape().equals(reference.getShape())) {
      return TensorComparison.failed(
          name, "shape " + produced.getShape() + ", reference " + reference.getShape());
    }
    return TensorComparison.of(
        name,
        produced.toType(DataType.FLOAT32, false).toFloatArray(),
        reference.toType(DataType.FLOAT32, false).toFloatArray());
  }
}
