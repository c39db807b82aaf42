package io.difflens.models.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.golden.GoldenFixtures;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.CheckpointMismatchException;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.TokenizedText;
import io.difflens.models.text.WordLevelVocabulary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTest {
  @TempDir Path dir;

  @Test
  void poolsAtFirstEosWhenTheConfigIsNotLegacy() {
    ClipTextConfig legacy =
        new ClipTextConfig(20, 8, 8, 1, 2, 6, 1e-5, ActivationFunction.GELU, 4, 2, false);
    ClipTextConfig modern =
        new ClipTextConfig(20, 8, 8, 1, 2, 6, 1e-5, ActivationFunction.GELU, 4, 7, false);
    long[] ids = {18, 3, 7, 19, 7, 19, /* row 2 */ 18, 7, 4, 4, 4, 4};
    assertThat(new ClipTextModel(legacy).poolPositions(ids, 6)).containsExactly(3, 0);
    assertThat(new ClipTextModel(modern).poolPositions(ids, 6)).containsExactly(2, 1);
    assertThatThrownBy(() -> new ClipTextModel(modern).poolPositions(new long[] {1, 2, 3}, 3))
        .hasMessageContaining("eos_token_id 7");
  }

  @Test
  void tokenizerOutputDrivesTheTextEncoderAndPoolsAtEos() {
    List<String> words = List.of("a", "red", "cube", "on", "the", "table");
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, words);
    vocab.writeTo(dir);
    ClipTextConfig config =
        new ClipTextConfig(
            vocab.size(), 16, 24, 2, 2, 77, 1e-5, ActivationFunction.QUICK_GELU, 8, 2, true);
    Engine.getInstance().setRandomSeed(4);
    try (ClipTokenizer tok = ClipTokenizer.load(dir);
        NDManager m = NDManager.newBaseManager()) {
      ClipTextModel model = new ClipTextModel(config);
      model.initializeParameters(m, DataType.FLOAT32);
      TokenizedText t = tok.encode("a red cube on the table");
      ClipTextOutput out = model.forward(m.create(t.ids(), new Shape(1, 77)));
      NDArray atEos = out.lastHiddenState().get(0, 7);
      assertThat(out.pooledOutput().get(0).sub(atEos).abs().max().getFloat()).isZero();
      assertThat(out.textEmbeds().orElseThrow().getShape()).isEqualTo(new Shape(1, 8));
      assertThat(out.hiddenStates()).hasSize(3);
    }
  }

  @Test
  void visionTowerLoadsFromALlavaCheckpointWithItsPrefix() throws Exception {
    GoldenFolder folder = GoldenFixtures.open("clip_vision");
    ClipVisionConfig config = ClipVisionConfig.fromJson(folder.config());
    Path llava = dir.resolve("llava.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      ClipVisionModel reference = GoldenFixtures.load(folder, new ClipVisionModel(config), m);
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      Checkpoints.stateDict(ParameterPaths.of(reference))
          .forEach((k, v) -> tensors.put("model.vision_tower.vision_tower." + k, v));
      tensors.put("model.mm_projector.0.weight", m.ones(new Shape(4, 32)));
      tensors.put(
          "model.vision_tower.vision_tower.vision_model.embeddings.position_ids",
          m.arange(17).reshape(1, 17));
      Safetensors.write(llava, tensors);

      ClipVisionModel tower = new ClipVisionModel(config);
      try (TensorSource source = Safetensors.open(llava)) {
        Checkpoints.load(
            ParameterPaths.of(tower),
            source,
            m,
            Checkpoints.Options.defaults().withKeyPrefix("model.vision_tower.vision_tower."));
      }
      NDArray pixels = GoldenFixtures.inputs(folder, m).get("pixel_values");
      NDArray a = reference.forward(pixels).patchFeatures(-2);
      NDArray b = tower.forward(pixels).patchFeatures(-2);
      assertThat(a.getShape()).isEqualTo(new Shape(2, 16, 32));
      assertThat(b.sub(a).abs().max().getFloat()).isZero();
    }
  }

  @Test
  void loadingReportsMissingUnexpectedAndMisShapedTogether() throws Exception {
    GoldenFolder folder = GoldenFixtures.open("clip_text");
    ClipTextConfig config = ClipTextConfig.fromJson(folder.config());
    Path broken = dir.resolve("broken.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      ClipTextModel reference = GoldenFixtures.load(folder, new ClipTextModel(config), m);
      Map<String, NDArray> tensors =
          new LinkedHashMap<>(Checkpoints.stateDict(ParameterPaths.of(reference)));
      tensors.remove("text_model.final_layer_norm.bias");
      tensors.put("text_model.encoder.layers.0.mlp.fc1.weight", m.zeros(new Shape(36, 32)));
      tensors.put("text_model.extra.weight", m.zeros(new Shape(2)));
      Safetensors.write(broken, tensors);
      try (TensorSource source = Safetensors.open(broken)) {
        assertThatThrownBy(
                () ->
                    Checkpoints.load(
                        ParameterPaths.of(new ClipTextModel(config)),
                        source,
                        m,
                        Checkpoints.Options.defaults()))
            .isInstanceOf(CheckpointMismatchException.class)
            .hasMessageContaining("text_model.final_layer_norm.bias")
            .hasMessageContaining("text_model.extra.weight")
            .hasMessageContaining("text_model.encoder.layers.0.mlp.fc1.weight");
      }
    }
  }

  @Test
  void configsNameTheOffendingValues() {
    assertThatThrownBy(
            () ->
                new ClipTextConfig(10, 30, 8, 1, 4, 77, 1e-5, ActivationFunction.GELU, 4, 2, false))
        .hasMessageContaining("30")
        .hasMessageContaining("4");
    assertThatThrownBy(
            () -> new ClipVisionConfig(16, 8, 1, 2, 3, 30, 8, 1e-5, ActivationFunction.GELU))
        .hasMessageContaining("image_size 30")
        .hasMessageContaining("patch_size 8");
    assertThatThrownBy(
            () -> ClipTextConfig.fromJson(JsonFields.parse("{\"architectures\":[\"BertModel\"]}")))
        .hasMessageContaining("BertModel");
    assertThatThrownBy(
            () -> ClipTextConfig.fromJson(JsonFields.parse("{\"hidden_act\":\"relu6\"}")))
        .hasMessageContaining("relu6");
  }
}
