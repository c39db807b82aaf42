package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.Scene;
import io.difflens.models.pipeline.FeatureMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cached visual tokens of the frozen UNet for a pool of scenes: the unconditional tokens, and per
 * scene a few questions with the tokens of the UNet prompted by each question and by a noisy
 * caption. The answerer then trains on effectively unlimited fresh (question, prompt) draws over
 * the pool at the cost of an LLM step, instead of a UNet pass per example.
 */
public final class FeatureBank {
  /** One question of a scene with its answer and the question-prompted tokens. */
  public record Asked(Question question, float[] condTokens) {}

  /** One scene of the pool. */
  public record Entry(Scene scene, float[] uncondTokens, float[] noisyCaptionTokens, List<Asked> asked) {}

  private final List<Entry> entries;
  private final long tokens;
  private final long channels;

  private FeatureBank(List<Entry> entries, long tokens, long channels) {
    this.entries = List.copyOf(entries);
    this.tokens = tokens;
    this.channels = channels;
  }

  /**
   * Builds the pool from {@code size} scenes drawn from {@code seed}, {@code questionsPerScene}
   * questions each; {@code wordDeletion} is the noisy captions' word-deletion rate.
   */
  public static FeatureBank build(
      World world,
      FeatureTokens features,
      NDManager manager,
      long seed,
      int size,
      int questionsPerScene,
      double wordDeletion) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Entry> entries = new ArrayList<>();
    long tokens = 0;
    long channels = 0;
    int chunk = 16;
    for (int start = 0; start < size; start += chunk) {
      int n = Math.min(chunk, size - start);
      List<WorldSample> samples = world.samples(rng, n);
      List<List<Question>> qs = new ArrayList<>();
      List<String> noisy = new ArrayList<>();
      for (WorldSample s : samples) {
        List<Question> all = new ArrayList<>(world.questions().askAll(s.scene(), rng));
        List<Question> picked = new ArrayList<>();
        while (picked.size() < questionsPerScene && !all.isEmpty()) {
          picked.add(all.remove(rng.nextInt(all.size())));
        }
        qs.add(picked);
        noisy.add(Prompts.deleteWords(Prompts.fullCaption(world, s.scene(), rng), wordDeletion, rng));
      }
      try (NDManager m = manager.newSubManager()) {
        NDArray pixels = Images.batch(m, samples.stream().map(WorldSample::image).toList());
        long noiseSeed = rng.nextLong();
        NDArray un = features.tokens(m, pixels, blank(n), new FeatureMode.Uncond(), noiseSeed);
        tokens = un.getShape().get(1);
        channels = un.getShape().get(2);
        NDArray cap = features.tokens(m, pixels, noisy, new FeatureMode.Cond(), noiseSeed);
        List<List<float[]>> cond = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          cond.add(new ArrayList<>());
        }
        for (int k = 0; k < questionsPerScene; k++) {
          List<String> prompts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            List<Question> q = qs.get(i);
            prompts.add(q.isEmpty() ? "" : q.get(Math.min(k, q.size() - 1)).text());
          }
          NDArray co = features.tokens(m, pixels, prompts, new FeatureMode.Cond(), noiseSeed);
          for (int i = 0; i < n; i++) {
            cond.get(i).add(co.get(i).toFloatArray());
          }
        }
        for (int i = 0; i < n; i++) {
          List<Asked> asked = new ArrayList<>();
          for (int k = 0; k < qs.get(i).size(); k++) {
            asked.add(new Asked(qs.get(i).get(k), cond.get(i).get(k)));
          }
          entries.add(
              new Entry(samples.get(i).scene(), un.get(i).toFloatArray(), cap.get(i).toFloatArray(), asked));
        }
      }
    }
    return new FeatureBank(entries, tokens, channels);
  }

  private static List<String> blank(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("");
    }
    return out;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Rows of token arrays as one (B, N, C) array. */
  public NDArray stack(NDManager manager, List<float[]> rows) {
    float[] all = new float[Math.toIntExact(rows.size() * tokens * channels)];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, all, Math.toIntExact(i * tokens * channels), Math.toIntExact(tokens * channels));
    }
    return manager.create(all, new Shape(rows.size(), tokens, channels));
  }
}
