package io.difflens.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through constants survive a garbage collection between the forward and the backward pass.
 * DJL's own {@code mul(Number)} fails this (the constant's buffer is freed and reused: a gradient of 777
 * instead of 3), which corrupted every training recipe until the networks switched to {@link Scalars}.
 */
class ScalarsTest {
  private static final float[] X = {1f, 2f, 3f, 4f};

  /** Runs {@code f} on X under autograd, collects garbage and reuses freed buffers, then returns dSum/dX. */
  private static float[] gradientAfterCollection(UnaryOperator<NDArray> f) throws InterruptedException {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(X);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = f.apply(x).sum();
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(5);
        }
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 777f);
          reuse.add(b);
        }
        gc.backward(y);
        assertThat(reuse).hasSize(2000);
        return x.getGradient().toFloatArray();
      }
    }
  }

  @Test
  void productAndQuotientKeepTheirConstant() throws Exception {
    for (int trial = 0; trial < 10; trial++) {
      assertThat(gradientAfterCollection(x -> Scalars.mul(x, 3f))).containsExactly(3f, 3f, 3f, 3f);
      assertThat(gradientAfterCollection(x -> Scalars.div(x, 4f))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
    }
  }

  @Test
  void powerKeepsItsExponent() throws Exception {
    for (int trial = 0; trial < 10; trial++) {
      // d/dx x^2 = 2x; d/dx x^-1 = -1/x^2
      assertThat(gradientAfterCollection(x -> Scalars.pow(x, 2f))).containsExactly(2f, 4f, 6f, 8f);
      assertThat(gradientAfterCollection(x -> Scalars.pow(x, -1f)))
          .containsExactly(-1f, -0.25f, -1f / 9f, -0.0625f);
    }
  }

  @Test
  void sumShiftsWithoutChangingTheGradient() throws Exception {
    assertThat(gradientAfterCollection(x -> Scalars.mul(Scalars.add(x, 5f), 2f))).containsExactly(2f, 2f, 2f, 2f);
  }
}
