package io.difflens.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExtractorTest {
  private static final double TOL = 1e-5;
  @TempDir static Path dir;
  private static ModelBundle bundle;
  private static FeatureExtractor extractor;
  private static ImageTensor image;
  private static ai.djl.ndarray.NDManager adapterMemory;

  @BeforeAll
  static void load() {
    bundle = MicroBundles.load(dir.resolve("micro"));
    extractor = new FeatureExtractor(bundle);
    image = TestImages.random(16, 1);
    adapterMemory = ai.djl.ndarray.NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    bundle.close();
    adapterMemory.close();
  }

  private FeatureTensor run(FeatureMode mode, String prompt) {
    return extractor.extract(FeatureInput.of(image, prompt), extractor.defaults().withMode(mode));
  }

  static double relErr(FeatureTensor a, FeatureTensor b) {
    assertThat(a.channels()).isEqualTo(b.channels());
    assertThat(a.tokens()).isEqualTo(b.tokens());
    float[] x = a.values();
    float[] y = b.values();
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - y[i]) * (double) (x[i] - y[i]);
      den += y[i] * (double) y[i];
    }
    return Math.sqrt(num / den);
  }

  @Test
  void featuresHaveGridTokensAndTheLayersChannels() {
    FeatureTensor f = run(new FeatureMode.Cond(), "what color is the square");
    assertThat(f.tokens()).isEqualTo(4);
    assertThat(f.channels()).isEqualTo(16 + 16);
    FeatureTensor g = extractor.extract(FeatureInput.of(image, "x"), extractor.defaults().withGrid(3));
    assertThat(g.tokens()).isEqualTo(9);
  }

  @Test
  void cfgWithScaleOneEqualsCond() {
    String q = "how many circles are there";
    assertThat(relErr(run(new FeatureMode.Cfg(1), q), run(new FeatureMode.Cond(), q))).isLessThan(TOL);
    assertThat(relErr(run(new FeatureMode.Cfg(4.5), q), run(new FeatureMode.Cond(), q))).isGreaterThan(1e-3);
  }

  @Test
  void concatHasTwiceTheChannelsAndItsHalvesAreUncondAndCond() {
    String q = "is the star red";
    FeatureTensor c = run(new FeatureMode.Concat(), q);
    assertThat(c.channels()).isEqualTo(64);
    assertThat(relErr(c.channels(0, 32), run(new FeatureMode.Uncond(), q))).isLessThan(TOL);
    assertThat(relErr(c.channels(32, 64), run(new FeatureMode.Cond(), q))).isLessThan(TOL);
  }

  @Test
  void uncondIgnoresThePromptAndCondDoesNot() {
    assertThat(run(new FeatureMode.Uncond(), "red circle")).isEqualTo(run(new FeatureMode.Uncond(), "blue star"));
    assertThat(relErr(run(new FeatureMode.Cond(), "red circle"), run(new FeatureMode.Cond(), "blue star")))
        .isGreaterThan(1e-4);
  }

  @Test
  void captionIsPutBeforeThePrompt() {
    FeatureOptions o = extractor.defaults();
    FeatureTensor withCaption =
        extractor.extract(new FeatureInput(image, "what is it", Optional.of("a red star")), o);
    FeatureTensor joined = extractor.extract(FeatureInput.of(image, "a red star what is it"), o);
    assertThat(withCaption).isEqualTo(joined);
  }

  @Test
  void sameSeedGivesIdenticalFeaturesAndAnotherSeedDifferentOnes() {
    FeatureOptions o = extractor.defaults().withSeed(11);
    FeatureInput in = FeatureInput.of(image, "where is the triangle");
    assertThat(extractor.extract(in, o)).isEqualTo(extractor.extract(in, o));
    assertThat(relErr(extractor.extract(in, o.withSeed(12)), extractor.extract(in, o))).isGreaterThan(1e-4);
    FeatureOptions sampled = o.withLatentSampling(LatentSampling.SAMPLE);
    assertThat(extractor.extract(in, sampled)).isEqualTo(extractor.extract(in, sampled));
    assertThat(relErr(extractor.extract(in, sampled), extractor.extract(in, o))).isGreaterThan(1e-6);
  }

  @Test
  void batchGivesEachItemWhatASingleCallGives() {
    List<FeatureInput> inputs =
        List.of(
            FeatureInput.of(TestImages.random(16, 2), "what color is the circle"),
            FeatureInput.of(TestImages.random(16, 3), ""),
            FeatureInput.of(TestImages.random(16, 4), "how many objects are there in the image"));
    for (FeatureMode mode :
        List.of(new FeatureMode.Cond(), new FeatureMode.Cfg(4.5), new FeatureMode.Concat())) {
      FeatureOptions o = extractor.defaults().withMode(mode);
      List<FeatureTensor> batch = extractor.extract(inputs, o);
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(relErr(batch.get(i), extractor.extract(inputs.get(i), o))).as(mode + " item " + i).isLessThan(TOL);
      }
    }
  }

  @Test
  void transformerBlockOutputsArePooledToo() {
    FeatureOptions o =
        extractor.defaults().withLayers(List.of("up_blocks.0.attentions.0.transformer_blocks.0", "mid_block"));
    FeatureTensor f = extractor.extract(FeatureInput.of(image, "a star"), o);
    assertThat(f.channels()).isEqualTo(32);
  }

  @Test
  void aZeroAdapterChangesNothingAndAnUnknownOneIsNamed() {
    bundle.adapters().add("zero", LoraAdapter.create(LoraConfig.of(2, 2f), bundle.unet(), adapterMemory, 1));
    FeatureOptions o = extractor.defaults();
    FeatureInput in = FeatureInput.of(image, "the blue square");
    assertThat(extractor.extract(in, o.withAdapter("zero"))).isEqualTo(extractor.extract(in, o));
    assertThatThrownBy(() -> extractor.extract(in, o.withAdapter("nope"))).hasMessageContaining("nope");
  }

  @Test
  void unknownLayerAndWrongImageSizeAreNamed() {
    assertThatThrownBy(
            () -> extractor.extract(FeatureInput.of(image, "x"), extractor.defaults().withLayers(List.of("up_blocks.9"))))
        .hasMessageContaining("up_blocks.9");
    assertThatThrownBy(() -> extractor.extract(FeatureInput.of(TestImages.random(8, 1), "x"), extractor.defaults()))
        .hasMessageContaining("8 px");
  }

  @Test
  void concurrentCallsGiveWhatSequentialCallsGive() throws Exception {
    List<String> prompts = List.of("a red star", "two blue circles", "what shape is it", "");
    FeatureOptions o = extractor.defaults().withMode(new FeatureMode.Cfg(3));
    List<FeatureTensor> sequential =
        prompts.stream().map(p -> extractor.extract(FeatureInput.of(image, p), o)).toList();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<FeatureTensor>> futures = new java.util.ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String p : prompts) {
          futures.add(pool.submit(() -> extractor.extract(FeatureInput.of(image, p), o)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(relErr(futures.get(i).get(), sequential.get(i % prompts.size()))).isLessThan(1e-6);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
