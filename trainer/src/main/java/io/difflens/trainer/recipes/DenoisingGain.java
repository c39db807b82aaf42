package io.difflens.trainer.recipes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Question;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.Noise;
import io.difflens.trainer.data.World;
import io.difflens.trainer.data.WorldSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Does the UNet use the text? On held-out scenes with fixed noise, the denoising error with the
 * scene's full caption (and with a question about it) against the empty prompt, per timestep:
 * {@code gain = 1 − mse(prompt) / mse(empty)}.
 */
public final class DenoisingGain {
  /** The measurement at one timestep. */
  public record Point(int timestep, double mseEmpty, double mseCaption, double mseQuestion) {
    public double captionGain() {
      return 1 - mseCaption / mseEmpty;
    }

    public double questionGain() {
      return 1 - mseQuestion / mseEmpty;
    }
  }

  public static final int[] TIMESTEPS = {100, 300, 500, 700, 900};

  private DenoisingGain() {}

  /** Measures on {@code n} scenes drawn from {@code seed} (choose one never used in training). */
  public static List<Point> measure(
      UNetRecipe recipe, World world, NoiseSchedule schedule, NDManager manager, long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<WorldSample> samples = world.samples(rng, n);
    List<String> captions = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (WorldSample s : samples) {
      captions.add(world.captioner().caption(s.scene(), CaptionStyle.FULL, rng).text());
      List<Question> qs = world.questions().askAll(s.scene(), rng);
      questions.add(qs.isEmpty() ? captions.get(captions.size() - 1) : qs.get(rng.nextInt(qs.size())).text());
      empty.add("");
    }
    List<Point> out = new ArrayList<>();
    try (NDManager m = manager.newSubManager()) {
      NDArray x0 = Images.batch(m, samples.stream().map(WorldSample::image).toList());
      NDArray noise = Noise.normal(m, x0.getShape(), rng);
      for (int t : TIMESTEPS) {
        long[] ts = new long[n];
        Arrays.fill(ts, t);
        NDArray xt = schedule.addNoise(x0, noise, ts);
        out.add(
            new Point(
                t,
                mse(recipe.predict(m, xt, ts, empty), noise),
                mse(recipe.predict(m, xt, ts, captions), noise),
                mse(recipe.predict(m, xt, ts, questions), noise)));
      }
    }
    return out;
  }

  private static double mse(NDArray pred, NDArray noise) {
    return pred.sub(noise).square().mean().getFloat();
  }

  public static ArrayNode toJson(List<Point> points) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Point p : points) {
      a.addObject()
          .put("timestep", p.timestep())
          .put("mse_empty", p.mseEmpty())
          .put("mse_caption", p.mseCaption())
          .put("mse_question", p.mseQuestion())
          .put("caption_gain", p.captionGain())
          .put("question_gain", p.questionGain());
    }
    return a;
  }
}
