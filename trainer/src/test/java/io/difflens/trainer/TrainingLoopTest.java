package io.difflens.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.trainer.data.Noise;
import io.difflens.trainer.internal.LossLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

  /** Regression onto a fixed random linear map: y = x W*ᵀ with fresh x every step. */
  private static final class Regression implements TrainingTask {
    private final Linear model = new Linear(8, 4, true);
    private final float[] target;
    private int failAtCall = -1;
    private int calls;

    Regression(NDManager manager, long seed) {
      Engine.getInstance().setRandomSeed((int) seed);
      model.initializeParameters(manager, DataType.FLOAT32);
      SplittableRandom r = new SplittableRandom(seed + 99);
      target = new float[32];
      for (int i = 0; i < target.length; i++) {
        target[i] = (float) r.nextGaussian();
      }
    }

    @Override
    public Map<String, Parameter> trainable() {
      return ParameterPaths.of(model);
    }

    @Override
    public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
      if (calls++ == failAtCall) {
        throw new IllegalStateException("simulated interruption");
      }
      NDArray x = Noise.normal(m, new Shape(batch, 8), rng);
      NDArray y = x.matMul(m.create(target, new Shape(4, 8)).transpose());
      return model.forward(x).sub(y).square().mean();
    }

    Map<String, float[]> weights() {
      Map<String, float[]> out = new LinkedHashMap<>();
      trainable().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
      return out;
    }
  }

  private static TrainOptions options(Path out, int steps, boolean resume) {
    return new TrainOptions(out, steps, 16, 42, resume, 0.05f, 3);
  }

  @Test
  void lossFallsAndLogIsWritten(@TempDir Path dir) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      TrainingResult r = TrainingLoop.run("t", new Regression(m, 1), options(dir, 120, false), m);
      assertThat(r.lastLoss()).isLessThan(r.firstLoss() * 0.2);
      List<Double> log = LossLog.read(dir.resolve("loss.jsonl"));
      assertThat(log).hasSize(120);
      assertThat(Files.exists(dir.resolve("checkpoint/state.json"))).isTrue();
    }
  }

  @Test
  void resumeReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
    Map<String, float[]> straight;
    try (NDManager m = NDManager.newBaseManager()) {
      Regression task = new Regression(m, 5);
      TrainingLoop.run("a", task, options(dir.resolve("a"), 10, false), m);
      straight = task.weights();
    }
    Map<String, float[]> resumed;
    try (NDManager m = NDManager.newBaseManager()) {
      // interrupted during step 7, after the checkpoint of step 6; a fresh process resumes
      Regression task = new Regression(m, 5);
      task.failAtCall = 7;
      assertThatThrownBy(() -> TrainingLoop.run("b", task, options(dir.resolve("b"), 10, false), m))
          .hasMessageContaining("simulated");
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Regression task = new Regression(m, 5);
      TrainingResult r = TrainingLoop.run("b", task, options(dir.resolve("b"), 10, true), m);
      assertThat(r.startStep()).isEqualTo(6);
      resumed = task.weights();
    }
    assertThat(resumed.keySet()).isEqualTo(straight.keySet());
    straight.forEach((k, v) -> assertThat(resumed.get(k)).as(k).containsExactly(v));
    assertThat(LossLog.read(dir.resolve("b/loss.jsonl")))
        .containsExactlyElementsOf(LossLog.read(dir.resolve("a/loss.jsonl")));
  }

  @Test
  void resumeRefusesAnotherSeed(@TempDir Path dir) {
    try (NDManager m = NDManager.newBaseManager()) {
      TrainingLoop.run("a", new Regression(m, 5), options(dir, 3, false), m);
      TrainOptions other = options(dir, 6, true).withSeed(43);
      assertThatThrownBy(() -> TrainingLoop.run("a", new Regression(m, 5), other, m))
          .hasMessageContaining("seed 42");
    }
  }

  @Test
  void learningRateWarmsUpThenDecays() {
    assertThat(TrainingLoop.learningRate(1f, 0, 1000)).isLessThan(0.1f);
    assertThat(TrainingLoop.learningRate(1f, 50, 1000)).isEqualTo(1f);
    assertThat(TrainingLoop.learningRate(1f, 999, 1000)).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(0.01f));
  }

  @Test
  void stepRandomDependsOnSeedAndStepOnly() {
    assertThat(TrainingLoop.stepRandom(1, 5).nextLong()).isEqualTo(TrainingLoop.stepRandom(1, 5).nextLong());
    assertThat(TrainingLoop.stepRandom(1, 5).nextLong()).isNotEqualTo(TrainingLoop.stepRandom(1, 6).nextLong());
    assertThat(TrainingLoop.stepRandom(1, 5).nextLong()).isNotEqualTo(TrainingLoop.stepRandom(2, 5).nextLong());
  }
}
