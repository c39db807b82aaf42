package io.difflens.models.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.llm.internal.LlamaAttention;
import io.difflens.models.llm.internal.LlamaDecoderLayer;
import io.difflens.models.llm.internal.RmsNorm;
import io.difflens.models.llm.internal.Rope;
import io.difflens.models.nn.Embedding;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' {@code LlamaForCausalLM} (Vicuna, LLaVA's language model). B batch, T new tokens, P
 * cached tokens, D width, V vocabulary. Parameters: {@code model.embed_tokens}, {@code
 * model.layers.N.*}, {@code model.norm}, {@code lm_head} (absent when {@code tie_word_embeddings}).
 *
 * <p>Takes token ids or input embeddings (to splice projected image tokens into the prompt) and an
 * explicit {@link KvCache}; the forward pass keeps no state in fields.
 */
public final class LlamaForCausalLm extends Module {
  /** transformers fills masked logits with {@code torch.finfo(float32).min}. */
  private static final float MASKED = -Float.MAX_VALUE;

  private final LlamaConfig config;
  private final Decoder model;
  private final Linear lmHead;
  private final Rope rope;

  public LlamaForCausalLm(LlamaConfig config) {
    this.config = config;
    this.model = child("model", new Decoder(config));
    this.lmHead =
        config.tieWordEmbeddings()
            ? null
            : child("lm_head", new Linear(config.hiddenSize(), config.vocabSize(), false));
    this.rope = new Rope(config.headDim(), config.ropeTheta());
  }

  public LlamaConfig config() {
    return config;
  }

  /** Token embeddings of ids (B, T) int64: (B, T, D). */
  public NDArray embed(NDArray ids) {
    return model.embedTokens.forward(ids);
  }

  /** Logits of ids (B, T) without a cache, as {@code model(input_ids=ids).logits}. */
  public NDArray logits(NDArray ids) {
    return forward(ids, KvCache.empty()).logits();
  }

  /** ids (B, T) after the cached positions. */
  public CausalLmOutput forward(NDArray ids, KvCache cache) {
    return forwardEmbeddings(embed(ids), cache);
  }

  /**
   * Input embeddings (B, T, D) after the cached positions; positions continue at {@code
   * cache.length()}.
   */
  public CausalLmOutput forwardEmbeddings(NDArray embeddings, KvCache cache) {
    return forwardEmbeddings(embeddings, null, cache);
  }

  /**
   * Input embeddings (B, T, D) after the cached positions, with a padding mask for batches of
   * prompts of different lengths (left-padded, as transformers pads for generation).
   *
   * @param attentionMask per row, 1 for a real and 0 for a padding position, over cached and new
   *     positions (B × (P + T)); {@code null} when nothing is padded. As in transformers, a row's
   *     positions count its real tokens only ({@code cumsum(mask) - 1}), so padding does not shift
   *     RoPE.
   */
  public CausalLmOutput forwardEmbeddings(
      NDArray embeddings, long[][] attentionMask, KvCache cache) {
    long past = cache.length();
    int rows = (int) embeddings.getShape().get(0);
    int t = (int) embeddings.getShape().get(1);
    if (past + t > config.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "sequence of "
              + (past + t)
              + " positions exceeds max_position_embeddings "
              + config.maxPositionEmbeddings());
    }
    NDArray[] cosSin;
    NDArray mask;
    if (attentionMask == null) {
      cosSin = rope.tables(embeddings.getManager(), past, t); // (T, d) each
      mask = t == 1 ? null : causalMask(embeddings, past, t); // (T, P + T)
    } else {
      checkMask(attentionMask, rows, (int) past + t);
      cosSin =
          rope.tables(
              embeddings.getManager(),
              positions(attentionMask, (int) past, t)); // (B, 1, T, d) each
      mask = paddedCausalMask(embeddings, attentionMask, (int) past, t); // (B, 1, T, P + T)
    }
    List<NDArray> keys = new ArrayList<>(model.layers.size());
    List<NDArray> values = new ArrayList<>(model.layers.size());
    NDArray h = embeddings;
    for (int i = 0; i < model.layers.size(); i++) {
      LlamaAttention.Result r =
          model
              .layers
              .get(i)
              .forward(
                  h,
                  cosSin[0],
                  cosSin[1],
                  mask,
                  cache.isEmpty() ? null : cache.keys().get(i),
                  cache.isEmpty() ? null : cache.values().get(i));
      h = r.output();
      keys.add(r.keys());
      values.add(r.values());
    }
    return new CausalLmOutput(head(model.norm.forward(h)), new KvCache(keys, values));
  }

  /**
   * Input embeddings (B, T, D), no cache, of rows that pack several sequences behind one shared prefix: a
   * position of segment {@code s > 0} attends to the earlier positions of segment 0 (the prefix) and of
   * {@code s}, and sits at RoPE position {@code positions[b][j]}. A segment that restarts its positions
   * right after the prefix then reads exactly as if it followed the prefix alone.
   *
   * @param positions per row, each position's RoPE index (B × T)
   * @param segments per row, each position's segment (B × T): 0 for the shared prefix, which attends to
   *     itself causally
   */
  public CausalLmOutput forwardPacked(NDArray embeddings, long[][] positions, int[][] segments) {
    int rows = (int) embeddings.getShape().get(0);
    int t = (int) embeddings.getShape().get(1);
    if (positions.length != rows || segments.length != rows) {
      throw new IllegalArgumentException(
          positions.length + " position and " + segments.length + " segment rows for a batch of " + rows);
    }
    float[] mask = new float[rows * t * t];
    for (int b = 0; b < rows; b++) {
      if (positions[b].length != t || segments[b].length != t) {
        throw new IllegalArgumentException("position and segment rows must cover the " + t + " positions");
      }
      for (long p : positions[b]) {
        if (p < 0 || p >= config.maxPositionEmbeddings()) {
          throw new IllegalArgumentException(
              "position " + p + " outside max_position_embeddings " + config.maxPositionEmbeddings());
        }
      }
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          boolean visible = j <= i && (segments[b][j] == 0 || segments[b][j] == segments[b][i]);
          if (!visible) {
            mask[(b * t + i) * t + j] = MASKED;
          }
        }
      }
    }
    NDArray m = embeddings.getManager().create(mask, new Shape(rows, 1, t, t));
    NDArray[] cosSin = rope.tables(embeddings.getManager(), positions); // (B, 1, T, d) each
    NDArray h = embeddings;
    for (LlamaDecoderLayer layer : model.layers) {
      h = layer.forward(h, cosSin[0], cosSin[1], m, null, null).output();
    }
    return new CausalLmOutput(head(model.norm.forward(h)), KvCache.empty());
  }

  /** The LM head on final hidden states (B, T, D), tied to the embeddings when the config ties them. */
  private NDArray head(NDArray h) {
    return lmHead != null
        ? lmHead.forward(h)
        : ai.djl.nn.core.Linear.linear(h, model.embedTokens.weight().getArray()).singletonOrThrow();
  }

  private static void checkMask(long[][] mask, int rows, int total) {
    if (mask.length != rows) {
      throw new IllegalArgumentException(
          "attention mask has " + mask.length + " rows for a batch of " + rows);
    }
    for (long[] row : mask) {
      if (row.length != total) {
        throw new IllegalArgumentException(
            "attention mask rows must cover the "
                + total
                + " cached and new positions, got "
                + row.length);
      }
    }
  }

  /** transformers' generation positions: {@code cumsum(mask) - 1}, and 1 at padding positions. */
  private static long[][] positions(long[][] mask, int past, int t) {
    long[][] positions = new long[mask.length][t];
    for (int b = 0; b < mask.length; b++) {
      long seen = 0;
      for (int j = 0; j < past + t; j++) {
        seen += mask[b][j] != 0 ? 1 : 0;
        if (j >= past) {
          positions[b][j - past] = mask[b][j] != 0 ? seen - 1 : 1;
        }
      }
    }
    return positions;
  }

  private static NDArray causalMask(NDArray like, long past, int t) {
    int total = (int) past + t;
    float[] mask = new float[t * total];
    for (int i = 0; i < t; i++) {
      for (int j = (int) past + i + 1; j < total; j++) {
        mask[i * total + j] = MASKED;
      }
    }
    return like.getManager().create(mask, new Shape(t, total));
  }

  private static NDArray paddedCausalMask(NDArray like, long[][] attentionMask, int past, int t) {
    int rows = attentionMask.length;
    int total = past + t;
    float[] mask = new float[rows * t * total];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < total; j++) {
          if (j > past + i || attentionMask[b][j] == 0) {
            mask[(b * t + i) * total + j] = MASKED;
          }
        }
      }
    }
    return like.getManager().create(mask, new Shape(rows, 1, t, total));
  }

  /** transformers' {@code LlamaModel}; kept here because only this class builds it. */
  private static final class Decoder extends Module {
    private final Embedding embedTokens;
    private final ModuleList<LlamaDecoderLayer> layers;
    private final RmsNorm norm;

    Decoder(LlamaConfig c) {
      this.embedTokens = child("embed_tokens", new Embedding(c.vocabSize(), c.hiddenSize()));
      this.layers = child("layers", new ModuleList<>());
      for (int i = 0; i < c.numHiddenLayers(); i++) {
        layers.add(new LlamaDecoderLayer(c));
      }
      this.norm = child("norm", new RmsNorm(c.hiddenSize(), (float) c.rmsNormEps()));
    }
  }
}
