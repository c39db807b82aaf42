package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.pipeline.FeatureOptions;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.trainer.BundleDir;
import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.recipes.LanguageRecipes;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * No train/serve skew: the tokens the recipes cache ({@link FeatureTokens}) are the tokens the services
 * extract ({@link FeatureExtractor}) from the same image, prompt and noise seed, on the committed tiny
 * bundle. Both draw one image's noise from {@code new SplittableRandom(seed)}, so a one-image call must
 * agree to float rounding; a difference in preprocessing, text conditioning, time ids, layers, pooling or
 * mode combination would show here.
 */
class FeatureTokensParityTest {
  private static final Path TINY = Path.of("..", "zoo", "tiny");

  @Test
  void recipeTokensEqualServedFeaturesInEveryMode() {
    World world = new World(SceneConfig.DEFAULT, RenderConfig.ofSize(ZooSizes.TINY.imageSize()));
    SplittableRandom rng = new SplittableRandom(31);
    try (ModelBundle bundle = ModelBundle.load(TINY);
        NDManager manager = NDManager.newBaseManager();
        ClipTokenizer clipTok = ClipTokenizer.load(TINY.resolve(BundleDir.TOKENIZER))) {
      FeatureTokens recipe =
          new LanguageRecipes(new BundleDir(TINY), ZooSizes.TINY, world).featureTokens(manager, clipTok);
      FeatureExtractor served = new FeatureExtractor(bundle);
      ImagePreprocessor preprocessor = new ImagePreprocessor(bundle.config().imageSize());
      assertThat(served.defaults().layers()).isEqualTo(ZooSizes.TINY.featureLayers());
      assertThat(served.defaults().timestep()).isEqualTo(FeatureTokens.DEFAULT_TIMESTEP);
      assertThat(served.defaults().grid()).isEqualTo(ZooSizes.TINY.featureSide());
      for (int i = 0; i < 3; i++) {
        WorldSample sample = world.sample(rng);
        List<Question> questions = world.questions().askAll(sample.scene(), rng);
        String question = questions.get(rng.nextInt(questions.size())).text();
        long seed = 1000L + i;
        for (FeatureMode mode :
            List.of(new FeatureMode.Uncond(), new FeatureMode.Cond(), new FeatureMode.Cfg(1.5), new FeatureMode.Concat())) {
          FeatureTensor expected =
              served.extract(
                  FeatureInput.of(preprocessor.preprocess(sample.image()), question),
                  served.defaults().withMode(mode).withSeed(seed));
          try (NDManager m = manager.newSubManager()) {
            float[] actual =
                recipe
                    .tokens(m, Images.batch(m, List.of(sample.image())), List.of(question), mode, seed)
                    .toFloatArray();
            assertThat(actual).as(mode.text()).hasSize(expected.values().length);
            double maxDiff = 0;
            double maxAbs = 0;
            for (int k = 0; k < actual.length; k++) {
              maxDiff = Math.max(maxDiff, Math.abs(actual[k] - expected.values()[k]));
              maxAbs = Math.max(maxAbs, Math.abs(expected.values()[k]));
            }
            assertThat(maxDiff).as(mode.text() + " image " + i).isLessThan(1e-4 * Math.max(1, maxAbs));
          }
        }
      }
    }
  }
}
