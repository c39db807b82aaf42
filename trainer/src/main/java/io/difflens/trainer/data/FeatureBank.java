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
 * caption; and the scene's raw-pixel patch tokens ({@link PixelPatches}) for the pixel baseline. The
 * answerer then trains on effectively unlimited fresh (question, prompt) draws over the pool at the
 * cost of an LLM step, instead of a UNet pass per example. A pool built without a UNet holds the
 * questions and pixel tokens only (its UNet token fields are null).
 */
public final class FeatureBank {
  /** One question of a scene with its answer and the question-prompted tokens. */
  public record Asked(Question question, float[] condTokens) {}

  /** One scene of the pool. */
  public record Entry(
      Scene scene, float[] uncondTokens, float[] noisyCaptionTokens, float[] pixelTokens, List<Asked> asked) {}

  private final List<Entry> entries;
  private final long tokens;
  private final long channels;
  private final int pixelChannels;

  private FeatureBank(List<Entry> entries, long tokens, long channels, int pixelChannels) {
    this.entries = List.copyOf(entries);
    this.tokens = tokens;
    this.channels = channels;
    this.pixelChannels = pixelChannels;
  }

  /**
   * Builds the pool from {@code size} scenes drawn from {@code seed}, {@code questionsPerScene}
   * questions each; {@code wordDeletion} is the noisy captions' word-deletion rate. {@code features}
   * null skips the UNet (pixel tokens only); {@code side} is the token grid's side.
   */
  public static FeatureBank build(
      World world,
      FeatureTokens features,
      int side,
      NDManager manager,
      long seed,
      int size,
      int questionsPerScene,
      double wordDeletion) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Entry> entries = new ArrayList<>();
    long tokens = (long) side * side;
    long channels = 0;
    int pixelChannels = PixelPatches.channels(world.imageSize(), side);
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
      List<float[]> pixelTokens = new ArrayList<>();
      for (WorldSample sample : samples) {
        pixelTokens.add(PixelPatches.tokens(Images.chw(sample.image()), world.imageSize(), side));
      }
      if (features == null) {
        for (int i = 0; i < n; i++) {
          List<Asked> asked = new ArrayList<>();
          qs.get(i).forEach(q -> asked.add(new Asked(q, null)));
          entries.add(new Entry(samples.get(i).scene(), null, null, pixelTokens.get(i), asked));
        }
        continue;
      }
      try (NDManager m = manager.newSubManager()) {
        NDArray pixels = Images.batch(m, samples.stream().map(WorldSample::image).toList());
        long noiseSeed = rng.nextLong();
        NDArray un = features.tokens(m, pixels, blank(n), new FeatureMode.Uncond(), noiseSeed);
        if (un.getShape().get(1) != tokens) {
          throw new IllegalArgumentException("the UNet gives " + un.getShape().get(1) + " tokens, not " + tokens);
        }
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
              new Entry(samples.get(i).scene(), un.get(i).toFloatArray(), cap.get(i).toFloatArray(),
                  pixelTokens.get(i), asked));
        }
      }
    }
    return new FeatureBank(entries, tokens, channels, pixelChannels);
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

  /** Channels of a UNet token (0 for a pool built without the UNet). */
  public long channels() {
    return channels;
  }

  /** Channels of a pixel token. */
  public int pixelChannels() {
    return pixelChannels;
  }

  /** Rows of token arrays (N tokens of C channels each) as one (B, N, C) array. */
  public NDArray stack(NDManager manager, List<float[]> rows, long rowChannels) {
    int per = Math.toIntExact(tokens * rowChannels);
    float[] all = new float[Math.multiplyExact(rows.size(), per)];
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != per) {
        throw new IllegalArgumentException("row " + i + " has " + rows.get(i).length + " values, not " + per);
      }
      System.arraycopy(rows.get(i), 0, all, i * per, per);
    }
    return manager.create(all, new Shape(rows.size(), tokens, rowChannels));
  }

  /** Per token, the channels of {@code a} then those of {@code b}: the CONCAT mode's layout. */
  public float[] concat(float[] a, float[] b) {
    int ca = Math.toIntExact(a.length / tokens);
    int cb = Math.toIntExact(b.length / tokens);
    float[] out = new float[a.length + b.length];
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(a, t * ca, out, t * (ca + cb), ca);
      System.arraycopy(b, t * cb, out, t * (ca + cb) + ca, cb);
    }
    return out;
  }
}
