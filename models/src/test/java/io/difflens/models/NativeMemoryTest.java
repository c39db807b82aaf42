package io.difflens.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.projector.ProjectorType;
import org.junit.jupiter.api.Test;

/**
 * 1000 calls, each scoped in its own sub-manager, leave no NDArray behind in the long-lived
 * manager.
 */
class NativeMemoryTest {
  private static final int CALLS = 1000;

  @Test
  void repeatedCallsLeaveNoArraysBehind() {
    Engine.getInstance().setRandomSeed(2);
    try (NDManager base = NDManager.newBaseManager()) {
      ClipTextModel text = new ClipTextModel(BackwardSmokeTest.TEXT);
      ClipVisionModel vision = new ClipVisionModel(BackwardSmokeTest.VISION);
      LlamaForCausalLm lm = new LlamaForCausalLm(BackwardSmokeTest.LLAMA);
      Projector projector = new Projector(new ProjectorConfig(ProjectorType.MLP2X_GELU, 16, 16));
      text.initializeParameters(base, DataType.FLOAT32);
      vision.initializeParameters(base, DataType.FLOAT32);
      lm.initializeParameters(base, DataType.FLOAT32);
      projector.initializeParameters(base, DataType.FLOAT32);
      LoraAdapters adapters = LoraAdapters.install(text);
      adapters.add(
          "a", LoraAdapter.create(new LoraConfig(2, 2f, 0f, "q_proj|v_proj"), text, base, 1));
      GreedyDecoder decoder = new GreedyDecoder(4, -1, 0, true, true);

      int before = base.getManagedArrays().size();
      for (int i = 0; i < CALLS; i++) {
        try (NDManager call = base.newSubManager()) {
          NDArray ids = call.create(new long[] {48, 5, 9, 49, 49, 49}, new Shape(1, 6));
          float pooled;
          try (var active = adapters.activate("a")) {
            pooled = text.forward(ids).pooledOutput().sum().getFloat();
          }
          if (i % 10 == 0) {
            NDArray image = call.ones(new Shape(1, 3, 16, 16));
            NDArray visual =
                projector.forward(vision.forward(image).patchFeatures(-2)); // (1, 4, 16)
            NDArray prompt =
                lm.embed(call.create(new long[] {1}, new Shape(1, 1))).concat(visual, 1);
            decoder.generate(lm, prompt, call);
          }
          assertThat(pooled).isFinite();
        }
      }
      assertThat(base.getManagedArrays()).hasSize(before);

      // Control: the count does see an array left in the long-lived manager.
      base.zeros(new Shape(1));
      assertThat(base.getManagedArrays()).hasSize(before + 1);
    }
  }
}
