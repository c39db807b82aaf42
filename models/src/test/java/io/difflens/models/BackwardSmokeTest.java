package io.difflens.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipTextOutput;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.projector.ProjectorType;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every parameter of every block receives a finite, non-zero gradient from a scalar of its outputs.
 */
class BackwardSmokeTest {

  static final ClipTextConfig TEXT =
      new ClipTextConfig(50, 16, 24, 2, 2, 12, 1e-5, ActivationFunction.QUICK_GELU, 8, 2, true);
  static final ClipVisionConfig VISION =
      new ClipVisionConfig(16, 24, 2, 2, 3, 16, 8, 1e-5, ActivationFunction.QUICK_GELU);
  static final LlamaConfig LLAMA =
      new LlamaConfig(50, 16, 32, 2, 4, 2, 32, 1e-6, 10000, false, false, 1, 2);

  private static void assertEveryParameterGetsAGradient(
      Module block, Function<NDManager, NDArray> loss) {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager m = NDManager.newBaseManager()) {
      block.initializeParameters(m, DataType.FLOAT32);
      Map<String, Parameter> params = ParameterPaths.of(block);
      params.values().forEach(p -> p.freeze(false));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(loss.apply(m));
      }
      params.forEach(
          (name, p) -> {
            NDArray g = p.getArray().getGradient();
            assertThat(g.isInfinite().any().getBoolean() || g.isNaN().any().getBoolean())
                .as(name)
                .isFalse();
            assertThat(g.abs().sum().getFloat()).as("gradient of %s", name).isPositive();
          });
    }
  }

  private static NDArray ids(NDManager m, int rows, int length, int vocab) {
    long[] ids = new long[rows * length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7L + 3) % (vocab - 1);
    }
    ids[length - 1] = vocab - 1; // the largest id: the pooled position of row 0
    return m.create(ids, new Shape(rows, length));
  }

  @Test
  void clipTextWithProjection() {
    ClipTextModel model = new ClipTextModel(TEXT);
    assertEveryParameterGetsAGradient(
        model,
        m -> {
          ClipTextOutput out = model.forward(ids(m, 2, 12, 50));
          return out.lastHiddenState().square().mean().add(out.textEmbeds().orElseThrow().sum());
        });
  }

  @Test
  void clipVision() {
    ClipVisionModel model = new ClipVisionModel(VISION);
    assertEveryParameterGetsAGradient(
        model,
        m -> {
          var out = model.forward(m.randomNormal(new Shape(2, 3, 16, 16)));
          return out.lastHiddenState().square().mean().add(out.pooledOutput().square().sum());
        });
  }

  @Test
  void llama() {
    LlamaForCausalLm model = new LlamaForCausalLm(LLAMA);
    assertEveryParameterGetsAGradient(
        model,
        m -> {
          NDArray logits = model.logits(ids(m, 2, 10, 50));
          return logits.logSoftmax(-1).get(":, :, 7").mean().neg();
        });
  }

  @Test
  void projectors() {
    for (ProjectorType type : ProjectorType.values()) {
      Projector model = new Projector(new ProjectorConfig(type, 12, 16));
      assertEveryParameterGetsAGradient(
          model, m -> model.forward(m.randomNormal(new Shape(2, 5, 12))).square().mean());
    }
  }
}
