package io.difflens.models.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.llm.internal.AttentionMasks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding as transformers' {@code generate(do_sample=False, num_beams=1)}: prefill the
 * prompt, then feed the arg-max token one step at a time, with the KV cache or by recomputing the
 * whole sequence. A row that produced the stop token is padded with {@code padId} until every row
 * stopped or {@code maxNewTokens} steps ran.
 *
 * <p>Native memory: each step runs in its own sub-manager; only the cache and (when asked) the step
 * logits survive a step, and the previous cache is freed as soon as the next exists.
 *
 * @param maxNewTokens upper bound on generated tokens
 * @param stopId end-of-sequence id (LLaMA's {@code </s>} = 2), or -1 for none
 * @param padId id appended to finished rows
 * @param useCache KV-cache incremental decoding (otherwise every step recomputes the sequence)
 * @param keepLogits whether to return the logits of every step
 */
public record GreedyDecoder(
    int maxNewTokens, long stopId, long padId, boolean useCache, boolean keepLogits) {

  public GreedyDecoder {
    if (maxNewTokens <= 0) {
      throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
    }
  }

  /**
   * Result of one generation.
   *
   * @param tokens every generated token per row, (B, steps), finished rows padded with {@code
   *     padId}
   * @param stepLogits (B, steps, V) raw logits of each step (attached to the caller's manager), or
   *     {@code null}
   */
  public record Generation(long[][] tokens, NDArray stepLogits) {

    /** Generated tokens of {@code row} up to, not including, the stop token. */
    public long[] answer(int row, long stopId) {
      long[] t = tokens[row];
      int end = 0;
      while (end < t.length && t[end] != stopId) {
        end++;
      }
      return Arrays.copyOf(t, end);
    }
  }

  /** Generates from prompt ids (B, T) int64. */
  public Generation generate(LlamaForCausalLm lm, NDArray promptIds) {
    try (NDManager scratch = promptIds.getManager().newSubManager()) {
      NDArray ids = promptIds.duplicate();
      ids.attach(scratch);
      return generateFromEmbeddings(lm, lm.embed(ids), null, promptIds.getManager());
    }
  }

  /**
   * Generates after prompt embeddings (B, T, D) (e.g. BOS, projected image tokens, question
   * tokens).
   */
  public Generation generate(
      LlamaForCausalLm lm, NDArray promptEmbeddings, NDManager resultManager) {
    return generateFromEmbeddings(lm, promptEmbeddings, null, resultManager);
  }

  /**
   * Generates after left-padded prompt embeddings (B, T, D); {@code promptMask} (B × T) is 1 for
   * real and 0 for padding positions.
   */
  public Generation generate(
      LlamaForCausalLm lm, NDArray promptEmbeddings, long[][] promptMask, NDManager resultManager) {
    return generateFromEmbeddings(lm, promptEmbeddings, promptMask, resultManager);
  }

  private Generation generateFromEmbeddings(
      LlamaForCausalLm lm, NDArray prompt, long[][] promptMask, NDManager resultManager) {
    int rows = (int) prompt.getShape().get(0);
    long[][] tokens = new long[rows][maxNewTokens];
    boolean[] done = new boolean[rows];
    int steps = 0;
    try (NDManager work = resultManager.newSubManager()) {
      List<NDArray> logitsPerStep = new ArrayList<>();
      KvCache cache = KvCache.empty();
      long[] next = null;
      while (steps < maxNewTokens) {
        try (NDManager step = work.newSubManager()) {
          NDArray input = input(lm, prompt, tokens, steps, next, step);
          CausalLmOutput out =
              lm.forwardEmbeddings(
                  input,
                  AttentionMasks.extend(promptMask, steps),
                  useCache ? cache : KvCache.empty());
          NDArray last = out.logits().get(":, -1, :"); // (B, V)
          next = last.argMax(-1).toType(DataType.INT64, false).toLongArray();
          if (keepLogits) {
            last.attach(work);
            logitsPerStep.add(last);
          }
          if (useCache) {
            KvCache previous = cache;
            cache = out.cache().attach(work);
            previous.close();
          }
        }
        boolean all = true;
        for (int r = 0; r < rows; r++) {
          tokens[r][steps] = done[r] ? padId : next[r];
          done[r] |= next[r] == stopId;
          all &= done[r];
        }
        // Finished rows feed the pad token, as transformers does.
        next = new long[rows];
        for (int r = 0; r < rows; r++) {
          next[r] = tokens[r][steps];
        }
        steps++;
        if (all) {
          break;
        }
      }
      long[][] trimmed = new long[rows][];
      for (int r = 0; r < rows; r++) {
        trimmed[r] = Arrays.copyOf(tokens[r], steps);
      }
      NDArray stepLogits = null;
      if (keepLogits) {
        stepLogits = NDArrays.stack(new NDList(logitsPerStep), 1); // (B, steps, V)
        stepLogits.attach(resultManager);
      }
      return new Generation(trimmed, stepLogits);
    }
  }

  /**
   * The embeddings this step feeds, created in {@code step} so that the whole forward pass is freed
   * with it.
   */
  private NDArray input(
      LlamaForCausalLm lm,
      NDArray prompt,
      long[][] tokens,
      int steps,
      long[] next,
      NDManager step) {
    if (steps == 0 || !useCache) {
      NDArray p = prompt.duplicate();
      p.attach(step);
      if (steps == 0) {
        return p;
      }
      long[] flat = new long[tokens.length * steps];
      for (int r = 0; r < tokens.length; r++) {
        System.arraycopy(tokens[r], 0, flat, r * steps, steps);
      }
      NDArray generated =
          lm.embed(step.create(flat, new Shape(tokens.length, steps))); // (B, steps, D)
      return p.concat(generated, 1); // (B, T + steps, D)
    }
    return lm.embed(step.create(next, new Shape(next.length, 1))); // (B, 1, D)
  }
}
