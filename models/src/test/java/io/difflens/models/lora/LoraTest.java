package io.difflens.models.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.golden.GoldenFixtures;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.nn.ParameterPaths;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTest {
  private static final String CLIP_ATTENTION = "self_attn\\.(q_proj|k_proj|v_proj|out_proj)";

  private NDManager manager;
  private ClipTextModel clip;
  private NDArray ids;

  @TempDir Path dir;

  @BeforeEach
  void load() throws Exception {
    manager = NDManager.newBaseManager();
    GoldenFolder folder = GoldenFixtures.open("clip_text");
    clip =
        GoldenFixtures.load(
            folder, new ClipTextModel(ClipTextConfig.fromJson(folder.config())), manager);
    ids = GoldenFixtures.inputs(folder, manager).get("input_ids");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private float[] run() {
    try (NDManager call = manager.newSubManager()) {
      NDArray in = ids.duplicate();
      in.attach(call);
      return clip.forward(in).lastHiddenState().toFloatArray();
    }
  }

  private static void randomizeB(LoraAdapter adapter, NDManager m, float std) {
    adapter
        .layers()
        .values()
        .forEach(
            l ->
                l.loraB()
                    .weight()
                    .getArray()
                    .set(
                        m.randomNormal(
                                0f,
                                std,
                                l.loraB().weight().getShape(),
                                ai.djl.ndarray.types.DataType.FLOAT32)
                            .toFloatArray()));
  }

  @Test
  void defaultPatternSelectsUnetCrossAttentionOnly() {
    LoraConfig c = LoraConfig.of(4, 4f);
    String block = "down_blocks.1.attentions.0.transformer_blocks.0.";
    assertThat(c.targets(block + "attn2.to_q")).isTrue();
    assertThat(c.targets(block + "attn2.to_k")).isTrue();
    assertThat(c.targets(block + "attn2.to_v")).isTrue();
    assertThat(c.targets(block + "attn2.to_out.0")).isTrue();
    assertThat(c.targets(block + "attn1.to_q")).isFalse();
    assertThat(c.targets(block + "xattn2.to_q")).isFalse();
    assertThat(c.targets(block + "attn2.to_q.extra")).isFalse();
    assertThat(c.scaling()).isEqualTo(1f);
    assertThatThrownBy(() -> LoraAdapter.create(c, clip, manager, 1))
        .hasMessageContaining("matches no Linear");
  }

  @Test
  void untrainedAdapterLeavesOutputsBitIdentical() {
    float[] base = run();
    LoraAdapters adapters = LoraAdapters.install(clip);
    LoraAdapter adapter =
        LoraAdapter.create(new LoraConfig(4, 8f, 0f, CLIP_ATTENTION), clip, manager, 42);
    assertThat(adapter.layers())
        .hasSize(8)
        .containsKey("text_model.encoder.layers.1.self_attn.out_proj");
    adapters.add("zero", adapter);
    try (var active = adapters.activate("zero")) {
      assertThat(run()).containsExactly(base);
    }
    // A is random and non-zero: the zero B is what keeps the output unchanged.
    assertThat(
            adapter
                .layers()
                .values()
                .iterator()
                .next()
                .loraA()
                .weight()
                .getArray()
                .abs()
                .sum()
                .getFloat())
        .isPositive();
  }

  @Test
  void activeAdapterChangesOutputAndMergeUnmergeMatch() {
    float[] base = run();
    LoraAdapters adapters = LoraAdapters.install(clip);
    LoraAdapter adapter =
        LoraAdapter.create(new LoraConfig(2, 4f, 0f, CLIP_ATTENTION), clip, manager, 7);
    Engine.getInstance().setRandomSeed(3);
    randomizeB(adapter, manager, 0.2f);
    adapters.add("a", adapter);
    float[] adapted;
    try (var active = adapters.activate("a")) {
      adapted = run();
    }
    assertThat(maxDiff(adapted, base)).isGreaterThan(1e-3);
    assertThat(run()).as("inactive again after close").containsExactly(base);

    adapters.merge("a");
    assertThat(maxDiff(run(), adapted)).isLessThan(1e-5);
    try (var active = adapters.activate("a")) {
      assertThat(maxDiff(run(), adapted))
          .as("merged adapter is not applied twice")
          .isLessThan(1e-5);
    }
    adapters.unmerge();
    assertThat(maxDiff(run(), base)).isLessThan(1e-5);
  }

  @Test
  void savesPeftKeyNamesAndLoadsBack() throws Exception {
    LoraAdapters adapters = LoraAdapters.install(clip);
    LoraAdapter adapter =
        LoraAdapter.create(new LoraConfig(3, 6f, 0.1f, CLIP_ATTENTION), clip, manager, 11);
    randomizeB(adapter, manager, 0.1f);
    Path file = dir.resolve("pytorch_lora_weights.safetensors");
    adapter.save(file, "text_encoder.");
    try (TensorSource source = Safetensors.open(file)) {
      assertThat(source.tensors()).hasSize(16);
      assertThat(
              source
                  .tensors()
                  .get("text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight")
                  .shape())
          .isEqualTo(new ai.djl.ndarray.types.Shape(3, 32));
      assertThat(
              source
                  .tensors()
                  .get("text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_B.weight")
                  .shape())
          .isEqualTo(new ai.djl.ndarray.types.Shape(32, 3));
      assertThat(source.metadata())
          .containsEntry("lora_rank", "3")
          .containsEntry("lora_alpha", "6.0");
    }
    LoraAdapter loaded = LoraAdapter.load(file, clip, manager, "text_encoder.");
    assertThat(loaded.config()).isEqualTo(adapter.config());
    adapters.add("saved", adapter);
    adapters.add("loaded", loaded);
    float[] a;
    float[] b;
    try (var active = adapters.activate("saved")) {
      a = run();
    }
    try (var active = adapters.activate("loaded")) {
      b = run();
    }
    assertThat(b).containsExactly(a);
  }

  @Test
  void severalAdaptersOneActivePerCallAcrossThreads() throws Exception {
    LoraAdapters adapters = LoraAdapters.install(clip);
    Engine.getInstance().setRandomSeed(5);
    for (String name : List.of("x", "y")) {
      LoraAdapter adapter =
          LoraAdapter.create(
              new LoraConfig(2, 2f, 0f, CLIP_ATTENTION), clip, manager, name.hashCode());
      randomizeB(adapter, manager, 0.3f);
      adapters.add(name, adapter);
    }
    Map<String, float[]> expected = new HashMap<>();
    for (String name : List.of("x", "y")) {
      try (var active = adapters.activate(name)) {
        expected.put(name, run());
      }
    }
    assertThat(maxDiff(expected.get("x"), expected.get("y"))).isGreaterThan(1e-3);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = i % 2 == 0 ? "x" : "y";
        results.add(
            pool.submit(
                () -> {
                  try (var active = adapters.activate(name)) {
                    return java.util.Arrays.equals(run(), expected.get(name));
                  }
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trainingStepChangesOnlyLoraParameters() throws Exception {
    GoldenFolder folder = GoldenFixtures.open("llama");
    LlamaForCausalLm lm =
        GoldenFixtures.load(
            folder, new LlamaForCausalLm(LlamaConfig.fromJson(folder.config())), manager);
    NDArray input = GoldenFixtures.inputs(folder, manager).get("input_ids");
    Map<String, float[]> frozen = snapshot(ParameterPaths.of(lm));
    LoraAdapters adapters = LoraAdapters.install(lm);
    LoraAdapter adapter =
        LoraAdapter.create(
            new LoraConfig(4, 8f, 0.1f, "self_attn\\.(q_proj|v_proj)|mlp\\.down_proj"),
            lm,
            manager,
            3);
    adapters.add("train", adapter);
    Map<String, Parameter> trainable = adapter.trainableParameters();
    assertThat(trainable).hasSize(12).containsKey("model.layers.0.mlp.down_proj.lora_B.weight");
    trainable.values().forEach(p -> p.freeze(false));
    Map<String, float[]> before = snapshot(trainable);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
    Engine.getInstance().setRandomSeed(9);
    float firstLoss = 0;
    for (int step = 0; step < 2; step++) {
      try (NDManager stepManager = manager.newSubManager()) {
        NDArray x = input.duplicate();
        x.attach(stepManager);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
            var active = adapters.activateForTraining("train")) {
          NDArray logits = lm.logits(x);
          NDArray loss = logits.get(":, :, 5").mean(); // push one token's logit down
          gc.backward(loss);
          if (step == 0) {
            firstLoss = loss.getFloat();
          }
        }
        for (Parameter p : trainable.values()) {
          adam.update(p.getId(), p.getArray(), p.getArray().getGradient());
        }
      }
    }
    assertThat(firstLoss).isFinite();
    Map<String, float[]> after = snapshot(trainable);
    after.forEach((name, values) -> assertThat(values).as(name).isNotEqualTo(before.get(name)));
    snapshot(ParameterPaths.of(lm))
        .forEach(
            (name, values) ->
                assertThat(values).as("frozen %s", name).containsExactly(frozen.get(name)));
  }

  private static Map<String, float[]> snapshot(Map<String, Parameter> params) {
    Map<String, float[]> out = new HashMap<>();
    params.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
    return out;
  }

  private static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
