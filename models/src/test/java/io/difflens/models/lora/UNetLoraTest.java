package io.difflens.models.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.difflens.models.golden.GoldenFixtures;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LoRA with the default pattern on the tiny SDXL-architecture UNet (the paper's SFT setting). */
class UNetLoraTest {
  private NDManager manager;
  private UNet2DConditionModel unet;
  private Map<String, NDArray> in;

  @BeforeEach
  void load() {
    manager = NDManager.newBaseManager();
    GoldenFolder folder = GoldenFixtures.open("unet_sdxl_tiny");
    unet =
        GoldenFixtures.load(
            folder,
            new UNet2DConditionModel(UNet2DConditionConfig.parse(folder.config())),
            manager);
    in = GoldenFixtures.inputs(folder, manager);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray noisePred(NDManager m) {
    NDArray sample = in.get("sample").duplicate();
    sample.attach(m);
    return unet.forward(
        sample,
        in.get("timestep").toType(DataType.FLOAT32, false),
        in.get("encoder_hidden_states"),
        new AddedConditions(in.get("text_embeds"), in.get("time_ids")));
  }

  private float[] run() {
    try (NDManager call = manager.newSubManager()) {
      return noisePred(call).toFloatArray();
    }
  }

  @Test
  void defaultPatternAdaptsEveryCrossAttentionProjectionAndAZeroBChangesNothing() {
    float[] base = run();
    LoraAdapters adapters = LoraAdapters.install(unet);
    LoraAdapter adapter = LoraAdapter.create(LoraConfig.of(4, 4f), unet, manager, 1);
    assertThat(adapter.layers()).hasSize(4 * unet.crossAttentionLayers().size());
    assertThat(adapter.layers().keySet())
        .allMatch(p -> p.matches(".*\\.attn2\\.(to_q|to_k|to_v|to_out\\.0)"));
    adapters.add("sft", adapter);
    try (var active = adapters.activate("sft")) {
      assertThat(run()).containsExactly(base);
    }
  }

  @Test
  void trainingStepChangesOnlyLoraParameters() {
    Map<String, float[]> frozen = snapshot(ParameterPaths.of(unet));
    LoraAdapters adapters = LoraAdapters.install(unet);
    LoraAdapter adapter =
        LoraAdapter.create(LoraConfig.of(4, 4f).withDropout(0.1f), unet, manager, 2);
    adapters.add("sft", adapter);
    Map<String, Parameter> trainable = adapter.trainableParameters();
    trainable.values().forEach(p -> p.freeze(false));
    Map<String, float[]> before = snapshot(trainable);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
    Engine.getInstance().setRandomSeed(5);
    for (int step = 0; step < 2; step++) {
      try (NDManager stepManager = manager.newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
            var active = adapters.activateForTraining("sft")) {
          NDArray pred = noisePred(stepManager);
          gc.backward(pred.sub(in.get("sample")).square().mean());
        }
        for (Parameter p : trainable.values()) {
          adam.update(p.getId(), p.getArray(), p.getArray().getGradient());
        }
      }
    }
    snapshot(trainable)
        .forEach((name, values) -> assertThat(values).as(name).isNotEqualTo(before.get(name)));
    snapshot(ParameterPaths.of(unet))
        .forEach(
            (name, values) ->
                assertThat(values).as("frozen %s", name).containsExactly(frozen.get(name)));
  }

  private static Map<String, float[]> snapshot(Map<String, Parameter> params) {
    Map<String, float[]> out = new HashMap<>();
    params.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
    return out;
  }
}
