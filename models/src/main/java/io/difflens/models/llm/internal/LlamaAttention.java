package io.difflens.models.llm.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * transformers' {@code LlamaAttention} ("eager"): RoPE on q and k, grouped-query attention (each of
 * the Hkv key/value heads serves H / Hkv consecutive query heads), optional past keys/values. B
 * batch, T new tokens, P past tokens, H query heads, d head width.
 */
public final class LlamaAttention extends Module {
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final float scale;
  private final Linear qProj;
  private final Linear kProj;
  private final Linear vProj;
  private final Linear oProj;

  /**
   * Output plus this layer's keys and values over past and new tokens, (B, Hkv, P + T, d), before
   * repetition.
   */
  public record Result(NDArray output, NDArray keys, NDArray values) {}

  public LlamaAttention(LlamaConfig c) {
    this.heads = c.numAttentionHeads();
    this.kvHeads = c.numKeyValueHeads();
    this.headDim = c.headDim();
    this.scale = (float) (1.0 / Math.sqrt(headDim));
    int width = c.hiddenSize();
    boolean bias = c.attentionBias();
    this.qProj = child("q_proj", new Linear(width, (long) heads * headDim, bias));
    this.kProj = child("k_proj", new Linear(width, (long) kvHeads * headDim, bias));
    this.vProj = child("v_proj", new Linear(width, (long) kvHeads * headDim, bias));
    this.oProj = child("o_proj", new Linear((long) heads * headDim, width, bias));
  }

  /**
   * @param x (B, T, D)
   * @param cos rotary table (T, d) for the new positions; {@code sin} likewise
   * @param mask additive (T, P + T) causal mask, or {@code null} for a single new token
   * @param pastKeys (B, Hkv, P, d) or {@code null}; {@code pastValues} likewise
   */
  public Result forward(
      NDArray x, NDArray cos, NDArray sin, NDArray mask, NDArray pastKeys, NDArray pastValues) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDArray q = Rope.apply(split(qProj.forward(x), b, t, heads), cos, sin); // (B, H, T, d)
    NDArray k = Rope.apply(split(kProj.forward(x), b, t, kvHeads), cos, sin); // (B, Hkv, T, d)
    NDArray v = split(vProj.forward(x), b, t, kvHeads); // (B, Hkv, T, d)
    if (pastKeys != null) {
      k = pastKeys.concat(k, 2); // (B, Hkv, P + T, d)
      v = pastValues.concat(v, 2); // (B, Hkv, P + T, d)
    }
    NDArray kAll = repeatKv(k); // (B, H, P + T, d)
    NDArray vAll = repeatKv(v); // (B, H, P + T, d)
    NDArray logits = Scalars.mul(q.matMul(kAll.transpose(0, 1, 3, 2)), scale); // (B, H, T, P + T)
    if (mask != null) {
      logits = logits.add(mask);
    }
    NDArray out = logits.softmax(-1).matMul(vAll); // (B, H, T, d)
    out = out.transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim); // (B, T, H*d)
    return new Result(oProj.forward(out), k, v);
  }

  private NDArray split(NDArray x, long b, long t, int n) {
    return x.reshape(b, t, n, headDim).transpose(0, 2, 1, 3); // (B, n, T, d)
  }

  /**
   * transformers' {@code repeat_kv}: (B, Hkv, S, d) to (B, H, S, d), kv head j serving query heads
   * j*g .. j*g+g-1.
   */
  private NDArray repeatKv(NDArray kv) {
    int group = heads / kvHeads;
    if (group == 1) {
      return kv;
    }
    long b = kv.getShape().get(0);
    long s = kv.getShape().get(2);
    return kv.expandDims(2) // (B, Hkv, 1, S, d)
        .repeat(2, group) // (B, Hkv, g, S, d)
        .reshape(b, (long) heads, s, headDim); // (B, H, S, d)
  }
}
