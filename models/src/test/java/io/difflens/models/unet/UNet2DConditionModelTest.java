package io.difflens.models.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.ParameterPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNet2DConditionModelTest {

  static final Path SDXL = Path.of("src/test/resources/golden/unet_sdxl_tiny");
  static final Path SD21 = Path.of("src/test/resources/golden/unet_sd21_tiny");
  static final String ATTN2 = "down_blocks.1.attentions.0.transformer_blocks.1.attn2";

  @TempDir Path tmp;
  NDManager weights;
  NDManager calls;

  @BeforeEach
  void setUp() {
    weights = NDManager.newBaseManager();
    calls = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(11);
  }

  @AfterEach
  void tearDown() {
    calls.close();
    weights.close();
  }

  UNet2DConditionModel loadGolden(Path dir) throws IOException {
    UNet2DConditionModel unet = UNet2DConditionModel.fromConfig(dir.resolve("config.json"));
    try (TensorSource src = Safetensors.open(dir.resolve("model.safetensors"))) {
      Checkpoints.load(unet, src, weights, Checkpoints.Options.defaults());
    }
    return unet;
  }

  record Inputs(NDArray sample, NDArray timestep, NDArray context, AddedConditions added) {}

  Inputs inputs(Path dir, NDManager m) throws IOException {
    try (TensorSource in = Safetensors.open(dir.resolve("inputs.safetensors"))) {
      AddedConditions added =
          in.contains("text_embeds")
              ? new AddedConditions(in.load("text_embeds", m), in.load("time_ids", m))
              : null;
      return new Inputs(
          in.load("sample", m), in.load("timestep", m), in.load("encoder_hidden_states", m), added);
    }
  }

  @Test
  void capturesOnlyRequestedActivations() throws IOException {
    UNet2DConditionModel unet = loadGolden(SDXL);
    Inputs in = inputs(SDXL, calls);
    List<String> wanted =
        List.of(
            "down_blocks.0",
            "up_blocks.0.attentions.1",
            ATTN2 + ".to_q",
            ATTN2 + ".logits",
            ATTN2 + ".probs",
            "up_blocks.0.attentions.1.transformer_blocks.0");
    ActivationCapture capture = ActivationCapture.of(wanted);
    UNetOutput out = unet.forward(in.sample(), in.timestep(), in.context(), in.added(), capture);

    assertThat(out.features().keySet()).containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(capture.missing()).isEmpty();
    // heads 4, 8x8 pixels, 7 text tokens
    assertThat(out.feature(ATTN2 + ".logits").getShape()).isEqualTo(new Shape(8, 64, 7));
    assertThat(out.feature(ATTN2 + ".to_q").getShape()).isEqualTo(new Shape(2, 64, 16));
    assertThat(out.feature("up_blocks.0.attentions.1").getShape())
        .isEqualTo(new Shape(2, 16, 8, 8));
    NDArray softmax = out.feature(ATTN2 + ".logits").softmax(-1);
    assertThat(softmax.sub(out.feature(ATTN2 + ".probs")).abs().max().getFloat()).isLessThan(1e-6f);

    NDArray plain = unet.forward(in.sample(), in.timestep(), in.context(), in.added());
    assertThat(plain.contentEquals(out.sample())).isTrue();
  }

  @Test
  void featuresStopAfterTheLastRequestedBlock() throws IOException {
    UNet2DConditionModel unet = loadGolden(SDXL);
    Inputs in = inputs(SDXL, calls);
    List<String> names = List.of("mid_block", "up_blocks.0.attentions.2");
    Map<String, NDArray> early =
        unet.features(in.sample(), in.timestep(), in.context(), in.added(), names);
    UNetOutput full =
        unet.forward(in.sample(), in.timestep(), in.context(), in.added(), ActivationCapture.all());
    assertThat(early.keySet()).containsExactlyInAnyOrderElementsOf(names);
    for (String name : names) {
      assertThat(early.get(name).contentEquals(full.feature(name))).as(name).isTrue();
    }
    assertThatThrownBy(
            () ->
                unet.features(
                    in.sample(), in.timestep(), in.context(), in.added(), List.of("up_blocks.7")))
        .hasMessageContaining("up_blocks.7");
  }

  @Test
  void listsCrossAttentionLayersInForwardOrder() throws IOException {
    UNet2DConditionModel unet = loadGolden(SDXL);
    Inputs in = inputs(SDXL, calls);
    ActivationCapture capture = ActivationCapture.matching(Pattern.compile(".*\\.attn2\\.logits"));
    unet.forward(in.sample(), in.timestep(), in.context(), in.added(), capture);
    List<String> order =
        capture.captured().keySet().stream()
            .map(k -> k.substring(0, k.length() - ".logits".length()))
            .toList();
    assertThat(order).containsExactlyElementsOf(unet.crossAttentionLayers());
    try (TensorSource out = Safetensors.open(SDXL.resolve("outputs.safetensors"))) {
      List<String> reference =
          new ObjectMapper()
              .readerForListOf(String.class)
              .readValue(out.metadata().get("attn2_forward_order"));
      assertThat(unet.crossAttentionLayers()).containsExactlyElementsOf(reference);
    }
  }

  @Test
  void oneInstanceServesConcurrentCallers() throws Exception {
    UNet2DConditionModel unet = loadGolden(SDXL);
    float[] expected;
    try (NDManager m = NDManager.newBaseManager()) {
      Inputs in = inputs(SDXL, m);
      expected = unet.forward(in.sample(), in.timestep(), in.context(), in.added()).toFloatArray();
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(
            pool.submit(
                () -> {
                  try (NDManager m = NDManager.newBaseManager()) {
                    Inputs in = inputs(SDXL, m);
                    return unet.forward(in.sample(), in.timestep(), in.context(), in.added())
                        .toFloatArray();
                  }
                }));
      }
      for (Future<float[]> f : futures) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void forwardLeavesNoArraysBehind() throws IOException {
    UNet2DConditionModel unet = loadGolden(SDXL);
    int before = ((BaseNDManager) weights).getManagedArrays().size();
    for (int i = 0; i < 3; i++) {
      try (NDManager m = NDManager.newBaseManager()) {
        Inputs in = inputs(SDXL, m);
        int inputsOnly = ((BaseNDManager) m).getManagedArrays().size();
        NDArray out = unet.forward(in.sample(), in.timestep(), in.context(), in.added());
        // only the result is left in the caller's manager
        assertThat(((BaseNDManager) m).getManagedArrays()).hasSize(inputsOnly + 1).contains(out);
      }
    }
    assertThat(((BaseNDManager) weights).getManagedArrays()).hasSize(before);
  }

  @Test
  void singleTimestepIsBroadcastOverTheBatch() throws IOException {
    UNet2DConditionModel unet = loadGolden(SD21);
    Inputs in = inputs(SD21, calls);
    NDArray one = calls.create(new float[] {389f});
    NDArray both = calls.create(new float[] {389f, 389f});
    NDArray a = unet.forward(in.sample(), one, in.context(), null);
    NDArray b = unet.forward(in.sample(), both, in.context(), null);
    assertThat(a.contentEquals(b)).isTrue();
  }

  @Test
  void rejectsMissingOrUnexpectedAddedConditions() throws IOException {
    UNet2DConditionModel sdxl = loadGolden(SDXL);
    Inputs in = inputs(SDXL, calls);
    assertThatThrownBy(() -> sdxl.forward(in.sample(), in.timestep(), in.context(), null))
        .hasMessageContaining("text_embeds");
    UNet2DConditionModel sd21 = UNet2DConditionModel.fromConfig(SD21.resolve("config.json"));
    assertThatThrownBy(() -> sd21.forward(in.sample(), in.timestep(), in.context(), in.added()))
        .hasMessageContaining("no added conditions");
    NDArray wrongWidth = calls.zeros(new Shape(2, 7, 16));
    assertThatThrownBy(() -> sdxl.forward(in.sample(), in.timestep(), wrongWidth, in.added()))
        .hasMessageContaining("(2, 7, 16)")
        .hasMessageContaining("cross_attention_dim 32");
  }

  @Test
  void rejectsUnsupportedConfigValuesByName() throws IOException {
    ObjectNode config =
        (ObjectNode) new ObjectMapper().readTree(SD21.resolve("config.json").toFile());
    config.put("class_embed_type", "timestep");
    assertThatThrownBy(() -> UNet2DConditionConfig.parse(config))
        .hasMessageContaining("class_embed_type")
        .hasMessageContaining("timestep");
    ObjectNode bad = (ObjectNode) new ObjectMapper().readTree(SD21.resolve("config.json").toFile());
    bad.putArray("attention_head_dim").add(2).add(4).add(8);
    assertThatThrownBy(() -> UNet2DConditionConfig.parse(bad))
        .hasMessageContaining("attention_head_dim")
        .hasMessageContaining("expected 2");
  }

  /**
   * SD 1.x projects with 1×1 convolutions instead of Linear layers: the same weights, reshaped to
   * [C, C, 1, 1], must give the same prediction.
   */
  @Test
  void convolutionProjectionMatchesLinearProjection() throws IOException {
    ObjectNode config =
        (ObjectNode) new ObjectMapper().readTree(SD21.resolve("config.json").toFile());
    config.put("use_linear_projection", false);
    UNet2DConditionModel conv = new UNet2DConditionModel(UNet2DConditionConfig.parse(config));
    assertThat(ParameterPaths.of(conv).get("down_blocks.0.attentions.0.proj_in.weight").getShape())
        .isEqualTo(new Shape(16, 16, 1, 1));
    Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
    try (TensorSource src = Safetensors.open(SD21.resolve("model.safetensors"))) {
      for (String name : src.tensors().keySet()) {
        NDArray t = src.load(name, calls);
        boolean projection = name.matches(".*\\.proj_(in|out)\\.weight");
        tensors.put(
            name, projection ? t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1) : t);
      }
    }
    Path file = tmp.resolve("sd1-style.safetensors");
    Safetensors.write(file, tensors);
    try (TensorSource src = Safetensors.open(file)) {
      Checkpoints.load(conv, src, weights, Checkpoints.Options.defaults());
    }
    UNet2DConditionModel linear = loadGolden(SD21);
    Inputs in = inputs(SD21, calls);
    NDArray a = conv.forward(in.sample(), in.timestep(), in.context(), null);
    NDArray b = linear.forward(in.sample(), in.timestep(), in.context(), null);
    double rel = a.sub(b).norm().getFloat() / b.norm().getFloat();
    assertThat(rel).isLessThan(1e-5);
  }

  /** Every parameter receives a non-zero gradient from a scalar loss on the output. */
  @Test
  void gradientReachesEveryParameter() throws IOException {
    UNet2DConditionModel unet = UNet2DConditionModel.fromConfig(SDXL.resolve("config.json"));
    unet.initializeParameters(weights, DataType.FLOAT32);
    Map<String, Parameter> params = ParameterPaths.of(unet);
    params.values().forEach(p -> p.freeze(false));
    Inputs in = inputs(SDXL, calls);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray out = unet.forward(in.sample(), in.timestep(), in.context(), in.added());
      gc.backward(out.square().mean());
    }
    List<String> noGradient = new ArrayList<>();
    params.forEach(
        (name, p) -> {
          NDArray g = p.getArray().getGradient();
          if (g.abs().sum().getFloat() == 0f) {
            noGradient.add(name);
          }
        });
    assertThat(noGradient).isEmpty();
    assertThat(params).hasSizeGreaterThan(100);
  }

  @Test
  void saveThenLoadReproducesOutputs() throws IOException {
    UNet2DConditionModel trained = UNet2DConditionModel.fromConfig(SD21.resolve("config.json"));
    trained.initializeParameters(weights, DataType.FLOAT32);
    Path file = tmp.resolve("unet.safetensors");
    Checkpoints.save(trained, file, DType.F32, Map.of("format", "pt"));

    UNet2DConditionModel restored = UNet2DConditionModel.fromConfig(SD21.resolve("config.json"));
    try (TensorSource src = Safetensors.open(file)) {
      Checkpoints.load(restored, src, weights, Checkpoints.Options.defaults());
    }
    Inputs in = inputs(SD21, calls);
    NDArray a = trained.forward(in.sample(), in.timestep(), in.context(), null);
    NDArray b = restored.forward(in.sample(), in.timestep(), in.context(), null);
    assertThat(a.contentEquals(b)).isTrue();
  }
}
