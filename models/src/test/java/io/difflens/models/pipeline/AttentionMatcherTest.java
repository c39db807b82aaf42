package io.difflens.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.models.bundle.MatchScorer;
import io.difflens.models.bundle.MatcherLayers;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.golden.GoldenFixtures;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.io.TensorSource;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionMatcherTest {
  @TempDir static Path dir;
  private static ModelBundle bundle;
  private static AttentionMatcher matcher;
  private static final List<ImageTensor> IMAGES =
      List.of(TestImages.random(16, 1), TestImages.random(16, 2));
  private static final List<String> TEXTS = List.of("a red star", "two blue circles", "a photo of a square");

  @BeforeAll
  static void load() {
    bundle = MicroBundles.load(dir.resolve("micro"));
    matcher = new AttentionMatcher(bundle);
  }

  @AfterAll
  static void close() {
    bundle.close();
  }

  /** The paper's score computed by hand, in double, from the logits diffusers stored. */
  private static double[] referenceScores(GoldenFolder folder, List<String> layers, int batch)
      throws Exception {
    double[] sum = new double[batch];
    try (NDManager m = NDManager.newBaseManager();
        TensorSource out = folder.outputs()) {
      for (String layer : layers) {
        NDArray logits = out.load(layer + ".logits", m); // (B·heads, pixels, M)
        long[] s = logits.getShape().getShape();
        float[] v = logits.toFloatArray();
        int pixels = (int) s[1];
        int tokens = (int) s[2];
        int heads = (int) s[0] / batch; // rows are b * heads + h; heads differ per level
        for (int b = 0; b < batch; b++) {
          double acc = 0;
          for (int h = 0; h < heads; h++) {
            for (int p = 0; p < pixels; p++) {
              int base = ((b * heads + h) * pixels + p) * tokens;
              double max = Double.NEGATIVE_INFINITY;
              for (int k = 0; k < tokens; k++) {
                max = Math.max(max, v[base + k]);
              }
              double e = 0;
              for (int k = 0; k < tokens; k++) {
                e += Math.exp(v[base + k] - max);
              }
              acc += max + Math.log(e);
            }
          }
          sum[b] += acc / (heads * pixels);
        }
      }
    }
    for (int b = 0; b < batch; b++) {
      sum[b] /= layers.size();
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(strings = {"unet_sdxl_tiny", "unet_sd21_tiny"})
  void scoreEqualsTheOneComputedByHandFromTheGoldenLogits(String name) throws Exception {
    GoldenFolder folder = GoldenFixtures.open(name);
    try (NDManager m = NDManager.newBaseManager()) {
      UNet2DConditionModel unet =
          GoldenFixtures.load(folder, new UNet2DConditionModel(UNet2DConditionConfig.parse(folder.config())), m);
      Map<String, NDArray> in = GoldenFixtures.inputs(folder, m);
      AddedConditions added =
          in.containsKey("text_embeds") ? new AddedConditions(in.get("text_embeds"), in.get("time_ids")) : null;
      List<String> layers = CrossAttentionScores.layers(unet, MatcherLayers.ALL);
      float[] scores =
          CrossAttentionScores.run(
                  unet,
                  in.get("sample"),
                  in.get("timestep").toType(DataType.FLOAT32, false),
                  in.get("encoder_hidden_states"),
                  added,
                  layers)
              .scores();
      double[] expected = referenceScores(folder, layers, scores.length);
      assertThat(scores).hasSize(2);
      for (int b = 0; b < scores.length; b++) {
        assertThat(Math.abs(scores[b] - expected[b]) / Math.abs(expected[b])).as("row " + b).isLessThan(1e-5);
      }
      assertThat(Math.abs(expected[0] - expected[1])).isGreaterThan(1e-4);
    }
  }

  private static UNet2DConditionModel sd21() throws Exception {
    ObjectNode c = (ObjectNode) new ObjectMapper().readTree(
        "{\"_class_name\":\"UNet2DConditionModel\",\"attention_head_dim\":[5,10,20,20],"
            + "\"block_out_channels\":[320,640,1280,1280],\"cross_attention_dim\":1024,"
            + "\"down_block_types\":[\"CrossAttnDownBlock2D\",\"CrossAttnDownBlock2D\",\"CrossAttnDownBlock2D\",\"DownBlock2D\"],"
            + "\"up_block_types\":[\"UpBlock2D\",\"CrossAttnUpBlock2D\",\"CrossAttnUpBlock2D\",\"CrossAttnUpBlock2D\"],"
            + "\"in_channels\":4,\"out_channels\":4,\"layers_per_block\":2,\"norm_num_groups\":32,"
            + "\"sample_size\":64,\"use_linear_projection\":true}");
    return new UNet2DConditionModel(UNet2DConditionConfig.parse(c));
  }

  @Test
  void lastPerStageTakesDiscffusionsSixOfSd21sSixteenLayers() throws Exception {
    UNet2DConditionModel unet = sd21();
    assertThat(CrossAttentionScores.layers(unet, MatcherLayers.ALL)).hasSize(16);
    assertThat(CrossAttentionScores.layers(unet, MatcherLayers.LAST_PER_STAGE))
        .hasSize(6)
        .allMatch(p -> p.startsWith("down_blocks.2.") || p.startsWith("mid_block.") || p.startsWith("up_blocks.3."));
  }

  @Test
  void scoreMatrixIsImagesByTextsAndEachPairScoresAsAlone() {
    MatchOptions o = matcher.defaults().withTimesteps(List.of(189, 789));
    float[][] s = matcher.scores(IMAGES, TEXTS, o);
    assertThat(s).hasDimensions(2, 3);
    for (int i = 0; i < IMAGES.size(); i++) {
      for (int j = 0; j < TEXTS.size(); j++) {
        float alone = matcher.scores(List.of(IMAGES.get(i)), List.of(TEXTS.get(j)), o)[0][0];
        assertThat(s[i][j]).as("pair " + i + "," + j).isCloseTo(alone, within(1e-5f * Math.abs(alone)));
      }
    }
    assertThat(matcher.scores(IMAGES, TEXTS, o)).isDeepEqualTo(s);
    assertThat(s[0][0]).isNotEqualTo(s[0][1]);
  }

  @Test
  void scoreIsTheMeanOverTimesteps() {
    MatchOptions o = matcher.defaults();
    float[] perStep = new float[o.timesteps().size()];
    double mean = 0;
    for (int k = 0; k < perStep.length; k++) {
      mean += matcher.scores(IMAGES.subList(0, 1), TEXTS.subList(0, 1), o.withTimesteps(List.of(o.timesteps().get(k))))[0][0];
    }
    mean /= perStep.length;
    float all = matcher.scores(IMAGES.subList(0, 1), TEXTS.subList(0, 1), o)[0][0];
    assertThat((double) all).isCloseTo(mean, within(1e-5 * Math.abs(mean)));
  }

  @Test
  void denoisingTermAddsTheUnconditionalMinusConditionalError() {
    MatchOptions o = matcher.defaults().withTimesteps(List.of(389));
    float[][] attention = matcher.scores(IMAGES, TEXTS, o);
    float[][] withTerm = matcher.scores(IMAGES, TEXTS, o.withDenoisingTerm(true));
    float[][] term = matcher.scores(IMAGES, TEXTS, o.withScorer(MatchScorer.DIFFUSION_ITM).withDenoisingTerm(true));
    float[][] itm = matcher.scores(IMAGES, TEXTS, o.withScorer(MatchScorer.DIFFUSION_ITM));
    for (int i = 0; i < IMAGES.size(); i++) {
      for (int j = 0; j < TEXTS.size(); j++) {
        assertThat(withTerm[i][j] - attention[i][j]).isCloseTo(term[i][j], within(1e-4f));
        assertThat(itm[i][j]).isNegative();
        assertThat(term[i][j]).isNotZero();
      }
    }
  }
}
