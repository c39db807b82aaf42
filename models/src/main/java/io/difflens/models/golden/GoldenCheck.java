package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a golden folder (the engine of {@code difflens model check DIR}): detects the kind from
 * {@code config.json}, runs it on {@code inputs.safetensors} and compares every tensor of {@code
 * outputs.safetensors}.
 */
public final class GoldenCheck {

  private GoldenCheck() {}

  public static GoldenReport check(Path dir) {
    GoldenFolder folder = GoldenFolder.open(dir);
    GoldenKind kind = GoldenKind.detect(folder.config());
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> produced = kind.runner().run(folder, manager);
      List<TensorError> errors = new ArrayList<>();
      for (Map.Entry<String, NDArray> ref : folder.outputs(manager).entrySet()) {
        NDArray out = produced.get(ref.getKey());
        if (out == null) {
          errors.add(TensorError.failed(ref.getKey(), "not produced by the " + kind + " runner"));
        } else if (!out.getShape().equals(ref.getValue().getShape())) {
          errors.add(
              TensorError.failed(
                  ref.getKey(),
                  "shape "
                      + out.getShape()
                      + " differs from the reference "
                      + ref.getValue().getShape()));
        } else {
          errors.add(
              TensorError.of(
                  ref.getKey(),
                  out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
                  ref.getValue()
                      .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                      .toFloatArray()));
        }
      }
      return new GoldenReport(dir.toString(), kind, errors);
    }
  }
}
