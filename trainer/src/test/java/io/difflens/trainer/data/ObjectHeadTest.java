package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.trainer.TrainOptions;
import io.difflens.trainer.TrainingLoop;
import io.difflens.trainer.TrainingTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The object read-out on tokens that show the objects plainly: raw 8 x 8 pixel patches of 32 x 32 scenes. */
class ObjectHeadTest {
  private static final int GRID = 4;
  private final World world = new World(SceneConfig.DEFAULT, RenderConfig.DEFAULT);
  private final ObjectLabels labels = new ObjectLabels(RenderConfig.DEFAULT);

  @ParameterizedTest(name = "centred group: {0}")
  @ValueSource(booleans = {false, true})
  void aReadOutOfPixelPatchesLearnsWhatTheyShowBeyondTheBaseRates(boolean centres, @TempDir Path out) {
    ObjectLabels labels = new ObjectLabels(RenderConfig.DEFAULT, centres);
    int size = RenderConfig.DEFAULT.size();
    int channels = PixelPatches.channels(size, GRID);
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      ObjectHead head = new ObjectHead(channels, labels, manager);
      TrainingTask task = new TrainingTask() {
        @Override
        public Map<String, Parameter> trainable() {
          return head.parameters();
        }

        @Override
        public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
          List<WorldSample> samples = world.samples(rng, batch);
          return head.loss(m, patches(m, samples), samples.stream().map(WorldSample::scene).toList());
        }
      };
      TrainingLoop.run("object-head", task, new TrainOptions(out, 600, 32, 5, false, 1e-2f, 600), manager);
      // held-out scenes: the read-out's loss against the best constant, each channel's base rate
      SplittableRandom heldOut = new SplittableRandom(1234);
      List<WorldSample> samples = world.samples(heldOut, 256);
      List<Scene> scenes = samples.stream().map(WorldSample::scene).toList();
      double loss;
      try (NDManager m = manager.newSubManager()) {
        loss = head.loss(m, patches(m, samples), scenes).getFloat();
      }
      double entropy = baseRateEntropy(labels, scenes);
      assertThat(loss).as("held-out loss %.4f, base-rate entropy %.4f", loss, entropy).isLessThan(0.85 * entropy);
    }
  }

  @Test
  void tokensOffTheSquareGridOrScenesOfAnotherBatchAreRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ObjectHead head = new ObjectHead(8, labels, manager);
      List<Scene> two = List.of(world.scene(new SplittableRandom(1)), world.scene(new SplittableRandom(2)));
      assertThatThrownBy(() -> head.loss(manager, manager.zeros(new Shape(2, 15, 8)), two))
          .hasMessageContaining("square token grid");
      assertThatThrownBy(() -> head.loss(manager, manager.zeros(new Shape(3, 16, 8)), two))
          .hasMessageContaining("2 scenes");
    }
  }

  private NDArray patches(NDManager m, List<WorldSample> samples) {
    int size = RenderConfig.DEFAULT.size();
    int channels = PixelPatches.channels(size, GRID);
    float[] all = new float[samples.size() * GRID * GRID * channels];
    for (int i = 0; i < samples.size(); i++) {
      float[] t = PixelPatches.tokens(Images.chw(samples.get(i).image()), size, GRID);
      System.arraycopy(t, 0, all, i * t.length, t.length);
    }
    return m.create(all, new Shape(samples.size(), GRID * GRID, channels));
  }

  /** The mean over channels of the binary entropy of each channel's rate over the scenes' tokens. */
  private static double baseRateEntropy(ObjectLabels labels, List<Scene> scenes) {
    int channels = labels.channels();
    double[] rate = new double[channels];
    List<float[]> all = new ArrayList<>();
    scenes.forEach(s -> all.add(labels.of(s, GRID)));
    for (float[] y : all) {
      for (int k = 0; k < y.length; k++) {
        rate[k % channels] += y[k];
      }
    }
    double tokens = (double) scenes.size() * GRID * GRID;
    double h = 0;
    for (double count : rate) {
      double p = count / tokens;
      h -= p <= 0 || p >= 1 ? 0 : (p * Math.log(p) + (1 - p) * Math.log(1 - p)) / channels;
    }
    return h;
  }
}
