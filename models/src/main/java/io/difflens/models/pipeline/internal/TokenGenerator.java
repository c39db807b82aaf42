package io.difflens.models.pipeline.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.llm.CausalLmOutput;
import io.difflens.models.llm.KvCache;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.llm.internal.AttentionMasks;
import io.difflens.models.pipeline.Decoding;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Incremental decoding after prompt embeddings with the KV cache: greedy or nucleus sampling, a stop
 * token and a length limit. Each step runs in its own sub-manager; only the cache survives a step,
 * and the previous cache is freed as soon as the next exists.
 */
public final class TokenGenerator {

  /** Generated ids per row (stop token excluded), whether each row stopped, and step timings. */
  public record Result(long[][] tokens, boolean[] stopped, long prefillNanos, long decodeNanos) {}

  private TokenGenerator() {}

  /**
   * @param prompt (B, T, D) input embeddings, left-padded
   * @param promptMask B × T, 1 for real positions; {@code null} when no row is padded
   */
  public static Result generate(
      LlamaForCausalLm lm,
      NDArray prompt,
      long[][] promptMask,
      int maxNewTokens,
      long stopId,
      Decoding decoding,
      long seed) {
    int rows = (int) prompt.getShape().get(0);
    long[][] tokens = new long[rows][maxNewTokens];
    int[] lengths = new int[rows];
    boolean[] done = new boolean[rows];
    SplittableRandom[] random = new SplittableRandom[rows];
    for (int r = 0; r < rows; r++) {
      random[r] = new SplittableRandom(seed); // a row samples as a single call would
    }
    long prefill = 0;
    long start = System.nanoTime();
    try (NDManager work = prompt.getManager().newSubManager()) {
      KvCache cache = KvCache.empty();
      long[] next = null;
      for (int step = 0; step < maxNewTokens; step++) {
        float[] logits;
        int vocab;
        try (NDManager s = work.newSubManager()) {
          NDArray input;
          if (step == 0) {
            input = prompt.duplicate();
            input.attach(s);
          } else {
            input = lm.embed(s.create(next, new Shape(rows, 1))); // (B, 1, D)
          }
          CausalLmOutput out = lm.forwardEmbeddings(input, AttentionMasks.extend(promptMask, step), cache);
          NDArray last = out.logits().get(":, -1, :").toType(DataType.FLOAT32, false); // (B, V)
          vocab = (int) last.getShape().get(1);
          logits = last.toFloatArray();
          KvCache previous = cache;
          cache = out.cache().attach(work);
          previous.close();
        }
        next = new long[rows];
        boolean all = true;
        for (int r = 0; r < rows; r++) {
          if (done[r]) {
            next[r] = stopId; // finished rows feed the stop token; their output is ignored
            continue;
          }
          long id = choose(decoding, logits, r * vocab, vocab, random[r]);
          next[r] = id;
          if (id == stopId) {
            done[r] = true;
          } else {
            tokens[r][lengths[r]++] = id;
          }
          all &= done[r];
        }
        if (step == 0) {
          prefill = System.nanoTime() - start;
        }
        if (all) {
          break;
        }
      }
      cache.close();
    }
    long[][] trimmed = new long[rows][];
    for (int r = 0; r < rows; r++) {
      trimmed[r] = Arrays.copyOf(tokens[r], lengths[r]);
    }
    return new Result(trimmed, done, prefill, System.nanoTime() - start - prefill);
  }

  static long choose(Decoding decoding, float[] logits, int offset, int vocab, SplittableRandom random) {
    if (decoding instanceof Decoding.Sampling s) {
      return sample(logits, offset, vocab, s.temperature(), s.topP(), random);
    }
    int best = 0;
    for (int i = 1; i < vocab; i++) {
      if (logits[offset + i] > logits[offset + best]) {
        best = i;
      }
    }
    return best;
  }

  private static long sample(
      float[] logits, int offset, int vocab, double temperature, double topP, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double[] p = new double[vocab];
    double sum = 0;
    for (int i = 0; i < vocab; i++) {
      p[i] = Math.exp((logits[offset + i] - max) / temperature);
      sum += p[i];
    }
    Integer[] order = new Integer[vocab];
    for (int i = 0; i < vocab; i++) {
      order[i] = i;
      p[i] /= sum;
    }
    // ties broken by id, so the nucleus does not depend on the sort's stability
    Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double mass = 0;
    int keep = 0;
    while (keep < vocab && (keep == 0 || mass < topP)) {
      mass += p[order[keep++]];
    }
    double u = random.nextDouble() * mass;
    double acc = 0;
    for (int k = 0; k < keep; k++) {
      acc += p[order[k]];
      if (u < acc) {
        return order[k];
      }
    }
    return order[keep - 1];
  }
}
