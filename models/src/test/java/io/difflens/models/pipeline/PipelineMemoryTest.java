package io.difflens.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1000 pipeline calls leave no NDArray behind in the bundle's long-lived manager. */
class PipelineMemoryTest {
  private static final int CALLS = 1000;
  @TempDir Path dir;

  private static int live(NDManager bundleManagerChild) {
    return bundleManagerChild.getParentManager().getManagedArrays().size();
  }

  @Test
  void repeatedCallsLeaveNoNativeArraysBehind() {
    try (ModelBundle bundle = MicroBundles.load(dir.resolve("micro"))) {
      FeatureExtractor extractor = new FeatureExtractor(bundle);
      Answerer answerer = new Answerer(bundle);
      AttentionMatcher matcher = new AttentionMatcher(bundle);
      ImageTensor image = TestImages.random(16, 1);
      // the cheapest full path (VAE, noise, UNet up to down_blocks.0, pooling) every call; both
      // branches, both text encoders and the whole UNet every 20th
      FeatureOptions cheap =
          extractor.defaults().withMode(new FeatureMode.Uncond()).withLayers(List.of("down_blocks.0"));
      FeatureOptions full = extractor.defaults().withMode(new FeatureMode.Cfg(2));
      AnswerOptions shortAnswers = answerer.defaults().withMaxNewTokens(2);
      MatchOptions oneStep = matcher.defaults().withTimesteps(List.of(500));

      // warm-up: lazily created engine state is not a leak
      FeatureTensor f = extractor.extract(FeatureInput.of(image, "what"), full);
      answerer.answer(new AnswerInput(f, "what"), shortAnswers);
      matcher.scores(List.of(image), List.of("a red star"), oneStep);

      int before;
      try (NDManager probe = bundle.newCallManager()) {
        before = live(probe);
      }
      for (int i = 0; i < CALLS; i++) {
        FeatureTensor features = extractor.extract(FeatureInput.of(image, "what color"), cheap);
        if (i % 20 == 0) {
          FeatureTensor f2 = extractor.extract(FeatureInput.of(image, "what color"), full);
          answerer.answer(new AnswerInput(f2, "what color"), shortAnswers);
        }
        if (i % 50 == 0) {
          matcher.scores(List.of(image), List.of("a red star", "a blue circle"), oneStep);
        }
      }
      try (NDManager probe = bundle.newCallManager()) {
        assertThat(live(probe)).isEqualTo(before);
        // control: the count does see an array left in the long-lived manager
        probe.getParentManager().zeros(new Shape(1));
        assertThat(live(probe)).isEqualTo(before + 1);
      }
    }
  }
}
