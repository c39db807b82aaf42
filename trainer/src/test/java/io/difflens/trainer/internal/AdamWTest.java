package io.difflens.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

  /** A 4 x 3 weight initialised in {@code params}. */
  private static Parameter weight(NDManager params) {
    Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(4, 3)).build();
    w.setShape(new Shape(4, 3));
    w.initialize(params, DataType.FLOAT32);
    return w;
  }

  @Test
  void stepsLeaveNoArraysBehindInTheOptimizersOrTheParametersManager() {
    try (NDManager params = NDManager.newBaseManager(); NDManager state = NDManager.newBaseManager()) {
      Parameter w = weight(params);
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

  /**
   * A NaN gradient skips the update and zeroes the gradient in the tensor's own memory. Zeroing it with {@code
   * set(float[])} pointed the gradient at a Java direct buffer that was freed once the step's handle closed and
   * the collector ran, and the next backward accumulated into freed memory (a UNet run crashed in malloc): here
   * that memory is handed out again, filled with 7s, before the next backward reads it.
   */
  @Test
  void aNanGradientSkipsTheUpdateAndLeavesTheGradientInItsOwnMemory() {
    try (NDManager params = NDManager.newBaseManager(); NDManager state = NDManager.newBaseManager()) {
      Parameter w = weight(params);
      float[] before = w.getArray().toFloatArray();
      AdamW opt = new AdamW(Map.of("w", w), state, 0.01f, 1f);
      try (NDManager scratch = params.newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = scratch.ones(new Shape(2, 4)).matMul(w.getArray()).mul(Float.NaN).sum();
          loss.attach(scratch);
          gc.backward(loss);
        }
        assertThat(opt.step(1e-2f, scratch)).isNaN();
      }
      assertThat(w.getArray().toFloatArray()).containsExactly(before);
      List<ByteBuffer> reused = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        System.gc();
        for (int i = 0; i < 50; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4 * 3 * Float.BYTES).order(ByteOrder.nativeOrder());
          while (b.hasRemaining()) {
            b.putFloat(7f);
          }
          reused.add(b);
        }
      }
      try (NDManager scratch = params.newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = scratch.ones(new Shape(2, 4)).matMul(w.getArray()).sum();
          loss.attach(scratch);
          gc.backward(loss);
        }
        // d/dw of sum(ones(2, 4) w) is 2 everywhere, added to the zeroed gradient
        try (NDArray g = w.getArray().getGradient()) {
          assertThat(g.toFloatArray()).containsOnly(2f);
        }
        assertThat(opt.step(1e-2f, scratch)).isCloseTo(Math.sqrt(12 * 4), within(1e-4));
      }
      assertThat(reused).hasSize(1000);
    }
  }
}
