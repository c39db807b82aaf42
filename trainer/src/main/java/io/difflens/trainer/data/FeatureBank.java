package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.Scene;
import io.difflens.models.pipeline.FeatureMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached visual tokens of the frozen UNet for a pool of scenes: the unconditional tokens, and per scene a
 * few questions with the tokens of the UNet prompted by each question and by a noisy caption (a pool without
 * questions, PT's, has the unconditional tokens only); and the scene's raw-pixel patch tokens ({@link
 * PixelPatches}) for the pixel baseline. The answerer then trains on effectively unlimited fresh (question,
 * prompt) draws over the pool at the cost of an LLM step, instead of a UNet pass per example. A pool built
 * without a UNet holds the questions and pixel tokens only (its UNet token fields are null).
 */
public final class FeatureBank {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureBank.class);
  /** One question of a scene with its answer and the question-prompted tokens. */
  public record Asked(Question question, float[] condTokens) {}

  /**
   * One scene of the pool. In a pool whose prompts were drawn when it was built ({@link PromptDraw}) a scene
   * lacks the passes it did not draw: its noisy-caption tokens or its question's are null, and with one pass
   * only its unprompted ones may be too.
   */
  public record Entry(
      Scene scene, float[] uncondTokens, float[] noisyCaptionTokens, float[] pixelTokens, List<Asked> asked) {}

  /**
   * Each scene's prompt drawn once, when the pool is built, instead of every prompt passed for every scene.
   * Without {@code unpromptedToo}, one UNet pass per scene: unprompted with probability {@code uncond}, with
   * a noisy caption with probability {@code noisyCaption}, with its question otherwise. With it, every scene
   * also has its unprompted pass, and the one prompted pass is the noisy caption for a share {@code
   * noisyCaption / (1 - uncond)} of the scenes and the question otherwise (caption dropout is then drawn per
   * example, with probability {@code uncond}). For the same UNet passes the pool holds 3 or 1.5 times the
   * scenes of one with every pass.
   */
  public record PromptDraw(double uncond, double noisyCaption, boolean unpromptedToo) {
    public PromptDraw {
      if (uncond < 0 || noisyCaption < 0 || uncond + noisyCaption > 1 || (unpromptedToo && uncond >= 1)) {
        throw new IllegalArgumentException("invalid prompt shares " + uncond + ", " + noisyCaption);
      }
    }

    /** Which pass a scene gets for a uniform draw {@code u}: 0 unprompted, 1 noisy caption, 2 question. */
    int pass(double u) {
      if (unpromptedToo) {
        return u < noisyCaption / (1 - uncond) ? 1 : 2;
      }
      return u < uncond ? 0 : u < uncond + noisyCaption ? 1 : 2;
    }
  }

  private final List<Entry> entries;
  private final long tokens;
  private final long channels;
  private final int pixelChannels;
  private final PromptDraw draw;

  private FeatureBank(List<Entry> entries, long tokens, long channels, int pixelChannels, PromptDraw draw) {
    this.entries = List.copyOf(entries);
    this.tokens = tokens;
    this.channels = channels;
    this.pixelChannels = pixelChannels;
    this.draw = draw;
  }

  /**
   * What a pool holds: {@code scenes} scenes drawn from {@code seed}, {@code questionsPerScene} questions
   * each, noisy captions with {@code wordDeletion} of their words deleted, and, when {@code draw} is not
   * null, each scene's prompt drawn when the pool is built ({@link PromptDraw}; then one question per scene).
   */
  public record Spec(long seed, int scenes, int questionsPerScene, double wordDeletion, PromptDraw draw) {
    public Spec {
      if (scenes < 0 || questionsPerScene < 0 || wordDeletion < 0 || wordDeletion > 1) {
        throw new IllegalArgumentException("invalid feature bank " + scenes + " scenes, " + questionsPerScene
            + " questions each, word deletion " + wordDeletion);
      }
      if (draw != null && questionsPerScene != 1) {
        throw new IllegalArgumentException(
            "a pool with drawn prompts has one question per scene, not " + questionsPerScene);
      }
    }

    /** A pool with every pass for every scene. */
    public static Spec of(long seed, int scenes, int questionsPerScene, double wordDeletion) {
      return new Spec(seed, scenes, questionsPerScene, wordDeletion, null);
    }

    /** This pool with each scene's prompt drawn as {@code draw} says. */
    public Spec withDraw(PromptDraw draw) {
      return new Spec(seed, scenes, questionsPerScene, wordDeletion, draw);
    }
  }

  /**
   * Builds the pool {@code spec} describes. {@code features} null skips the UNet (pixel tokens only);
   * {@code side} is the token grid's side.
   */
  public static FeatureBank build(World world, FeatureTokens features, int side, NDManager manager, Spec spec) {
    return build(world, features, side, manager, spec, null);
  }

  /**
   * As {@link #build(World, FeatureTokens, int, NDManager, Spec)}, with the UNet's tokens read from {@code
   * cache} when it holds them and written there when it does not (null: no cache). Scenes, questions and
   * captions are drawn from the seed either way, so a bank read from a cache is the bank that was written to
   * it, draw for draw; only the UNet passes are saved. A cache that cannot be read is rebuilt, with a
   * warning.
   */
  public static FeatureBank build(
      World world, FeatureTokens features, int side, NDManager manager, Spec spec, FeatureCache cache) {
    if (spec.draw() != null && features == null) {
      throw new IllegalArgumentException("a pool with drawn prompts needs the UNet");
    }
    if (features == null || cache == null) {
      return build(world, TokenSource.computed(features), side, manager, spec);
    }
    int size = spec.scenes();
    int questionsPerScene = spec.questionsPerScene();
    FeatureCache.Writer out;
    try {
      // another recipe may be writing this very cache: wait for it rather than run the same UNet passes
      out = cache.awaitOrClaim(TokenSource.computed(features), size, questionsPerScene);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the feature cache " + cache.file(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the feature cache " + cache.file(), e);
    }
    if (out == null) {
      try (FeatureCache.Reader in = cache.reader(size, questionsPerScene)) {
        FeatureBank bank = build(world, in, side, manager, spec);
        in.expectEnd();
        LOG.info("feature bank of {} scenes read from the feature cache {}", size, cache.file());
        return bank;
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        LOG.warn("feature cache {} is unusable ({}); building the bank again", cache.file(), e.getMessage());
      }
      try {
        out = cache.claimAfterBadRead(TokenSource.computed(features), size, questionsPerScene);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the feature cache " + cache.file(), e);
      }
    }
    try (FeatureCache.Writer writer = out) {
      FeatureBank bank = build(world, writer, side, manager, spec);
      writer.commit();
      LOG.info("feature bank of {} scenes written to the feature cache {}", size, cache.file());
      return bank;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the feature cache " + cache.file(), e);
    }
  }

  private static FeatureBank build(World world, TokenSource features, int side, NDManager manager, Spec spec) {
    int size = spec.scenes();
    int questionsPerScene = spec.questionsPerScene();
    double wordDeletion = spec.wordDeletion();
    PromptDraw draw = spec.draw();
    SplittableRandom rng = new SplittableRandom(spec.seed());
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
      if (!features.hasUnet()) {
        for (int i = 0; i < n; i++) {
          List<Asked> asked = new ArrayList<>();
          qs.get(i).forEach(q -> asked.add(new Asked(q, null)));
          entries.add(new Entry(samples.get(i).scene(), null, null, pixelTokens.get(i), asked));
        }
        continue;
      }
      if (draw != null) {
        channels = addDrawn(entries, features, manager, samples, qs, noisy, pixelTokens, draw, rng, tokens);
        continue;
      }
      try (NDManager m = manager.newSubManager()) {
        Batch batch = new Batch(m, samples, noiseSeed(rng), tokens);
        List<float[]> un = features.tokens(batch, blank(n), new FeatureMode.Uncond());
        channels = channelsOf(un, tokens);
        // a pool without questions (PT's captioning pool) reads the unprompted pass only; its noisy captions are
        // still drawn, so that its scenes and noise stay those of a pool with them
        List<float[]> cap = questionsPerScene == 0 ? null : features.tokens(batch, noisy, new FeatureMode.Cond());
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
          List<float[]> co = features.tokens(batch, prompts, new FeatureMode.Cond());
          for (int i = 0; i < n; i++) {
            cond.get(i).add(co.get(i));
          }
        }
        for (int i = 0; i < n; i++) {
          List<Asked> asked = new ArrayList<>();
          for (int k = 0; k < qs.get(i).size(); k++) {
            asked.add(new Asked(qs.get(i).get(k), cond.get(i).get(k)));
          }
          entries.add(
              new Entry(samples.get(i).scene(), un.get(i), cap == null ? null : cap.get(i), pixelTokens.get(i), asked));
        }
      }
    }
    return new FeatureBank(entries, tokens, channels, pixelChannels, draw);
  }

  /**
   * One chunk of a pool with drawn prompts: each scene's prompted pass drawn from the shares, all of them one
   * UNet batch (the empty prompt encodes to zeros, so an unprompted pass in COND mode is the UNCOND pass),
   * after the unprompted batch if every scene has that too. Every pass of a scene has the same noise. Returns
   * the tokens' channels.
   */
  private static long addDrawn(
      List<Entry> entries,
      TokenSource features,
      NDManager manager,
      List<WorldSample> samples,
      List<List<Question>> qs,
      List<String> noisy,
      List<float[]> pixelTokens,
      PromptDraw draw,
      SplittableRandom rng,
      long tokens) {
    int n = samples.size();
    List<String> prompts = new ArrayList<>();
    int[] pass = new int[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      pass[i] = qs.get(i).isEmpty() ? 0 : draw.pass(u);
      prompts.add(pass[i] == 0 ? "" : pass[i] == 1 ? noisy.get(i) : qs.get(i).get(0).text());
    }
    try (NDManager m = manager.newSubManager()) {
      Batch batch = new Batch(m, samples, noiseSeed(rng), tokens);
      List<float[]> un = draw.unpromptedToo() ? features.tokens(batch, blank(n), new FeatureMode.Uncond()) : null;
      List<float[]> out = features.tokens(batch, prompts, new FeatureMode.Cond());
      for (int i = 0; i < n; i++) {
        List<Asked> asked = new ArrayList<>();
        for (Question q : qs.get(i)) {
          asked.add(new Asked(q, pass[i] == 2 ? out.get(i) : null));
        }
        float[] unprompted = un != null ? un.get(i) : pass[i] == 0 ? out.get(i) : null;
        entries.add(
            new Entry(samples.get(i).scene(), unprompted, pass[i] == 1 ? out.get(i) : null, pixelTokens.get(i), asked));
      }
      return channelsOf(out, tokens);
    }
  }

  private static long noiseSeed(SplittableRandom rng) {
    return rng.nextLong();
  }

  /** Channels of tokens arrays of {@code tokens} tokens each, checked to agree. */
  private static long channelsOf(List<float[]> rows, long tokens) {
    long total = rows.get(0).length;
    if (total % tokens != 0) {
      throw new IllegalArgumentException("UNet token arrays of " + total + " values are not " + tokens + " tokens");
    }
    return total / tokens;
  }

  /** One chunk of scenes to pass through the UNet, its images batched only if a pass needs them. */
  static final class Batch {
    private final NDManager manager;
    private final List<WorldSample> samples;
    private final long noiseSeed;
    private final long tokens;
    private NDArray pixels;

    Batch(NDManager manager, List<WorldSample> samples, long noiseSeed, long tokens) {
      this.manager = manager;
      this.samples = samples;
      this.noiseSeed = noiseSeed;
      this.tokens = tokens;
    }

    int size() {
      return samples.size();
    }

    NDArray pixels() {
      if (pixels == null) {
        pixels = Images.batch(manager, samples.stream().map(WorldSample::image).toList());
      }
      return pixels;
    }
  }

  /** Where a bank's UNet tokens come from: the UNet itself, or a cache of an earlier build. */
  interface TokenSource {
    /** Whether the bank has UNet tokens at all (false: questions and pixels only). */
    boolean hasUnet();

    /** Per scene of the batch, its (tokens x channels) values for these prompts in this mode. */
    List<float[]> tokens(Batch batch, List<String> prompts, FeatureMode mode);

    /** The UNet's tokens (null: none). */
    static TokenSource computed(FeatureTokens features) {
      return new TokenSource() {
        @Override
        public boolean hasUnet() {
          return features != null;
        }

        @Override
        public List<float[]> tokens(Batch batch, List<String> prompts, FeatureMode mode) {
          NDArray t = features.tokens(batch.manager, batch.pixels(), prompts, mode, batch.noiseSeed);
          if (t.getShape().get(1) != batch.tokens) {
            throw new IllegalArgumentException(
                "the UNet gives " + t.getShape().get(1) + " tokens, not " + batch.tokens);
          }
          List<float[]> rows = new ArrayList<>();
          for (int i = 0; i < batch.size(); i++) {
            rows.add(t.get(i).toFloatArray());
          }
          return rows;
        }
      };
    }
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

  /** How each scene's prompt was drawn when the pool was built (null: every prompt was passed). */
  public PromptDraw draw() {
    return draw;
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
