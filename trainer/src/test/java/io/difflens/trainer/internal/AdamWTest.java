package io.difflens.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

  @Test
  void stepsLeaveNoArraysBehindInTheOptimizersOrTheParametersManager() {
    try (NDManager params = NDManager.newBaseManager(); NDManager state = NDManager.newBaseManager()) {
      Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(4, 3)).build();
      w.setShape(new Shape(4, 3));
      w.initialize(params, DataType.FLOAT32);
      AdamW opt = new AdamW(Map.of("w", w), state, 0.01f, 1f);
      int paramArrays = -1;
      int stateArrays = -1;
      for (int step = 0; step < 20; step++) {
        try (NDManager scratch = params.newSubManager()) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = scratch.ones(new Shape(2, 4));
            NDArray loss = x.matMul(w.getArray()).square().sum(); // x first: results join scratch
            loss.attach(scratch);
            gc.backward(loss);
          }
          opt.step(1e-2f, scratch);
        }
        if (step == 0) {
          paramArrays = params.getManagedArrays().size();
          stateArrays = state.getManagedArrays().size();
        }
      }
      assertThat(state.getManagedArrays()).hasSize(stateArrays);
      assertThat(params.getManagedArrays()).hasSize(paramArrays);
    }
  }
}
