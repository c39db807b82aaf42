package io.difflens.app.doctor.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;

/** The PyTorch engine loads and computes: a 2x2 matrix product, checked against its known result. */
public final class DjlCheck implements Check {
  @Override
  public CheckResult run() {
    try {
      Engine engine = Engine.getEngine("PyTorch");
      try (NDManager m = engine.newBaseManager()) {
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
        float[] product = a.matMul(a).toFloatArray(); // [[7, 10], [15, 22]]
        if (product[0] != 7f || product[1] != 10f || product[2] != 15f || product[3] != 22f) {
          return CheckResult.fail("djl", "PyTorch computed a wrong matrix product: " + java.util.Arrays.toString(product));
        }
        return CheckResult.ok("djl", "PyTorch " + engine.getVersion() + " on " + m.getDevice());
      }
    } catch (Exception | LinkageError e) {
      return CheckResult.fail("djl", "PyTorch engine does not load: " + e.getMessage());
    }
  }
}
