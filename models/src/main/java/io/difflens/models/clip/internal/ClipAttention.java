package io.difflens.models.clip.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * transformers' {@code CLIPAttention}: multi-head self-attention with biases. B batch, T tokens, D
 * width, H heads, d = D / H. Children registered in the checkpoint's order: {@code k_proj, v_proj,
 * q_proj, out_proj}.
 */
public final class ClipAttention extends Module {
  private final int heads;
  private final int headDim;
  private final float scale;
  private final Linear kProj;
  private final Linear vProj;
  private final Linear qProj;
  private final Linear outProj;

  public ClipAttention(int width, int heads) {
    this.heads = heads;
    this.headDim = width / heads;
    this.scale = (float) Math.pow(headDim, -0.5);
    this.kProj = child("k_proj", new Linear(width, width, true));
    this.vProj = child("v_proj", new Linear(width, width, true));
    this.qProj = child("q_proj", new Linear(width, width, true));
    this.outProj = child("out_proj", new Linear(width, width, true));
  }

  /**
   * @param x (B, T, D)
   * @param additiveMask (T, T) added to the logits (0 or a large negative), or {@code null}
   * @return (B, T, D)
   */
  public NDArray forward(NDArray x, NDArray additiveMask) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    // transformers scales q before the product; same rounding as upstream.
    NDArray q = split(Scalars.mul(qProj.forward(x), scale), b, t); // (B, H, T, d)
    NDArray k = split(kProj.forward(x), b, t); // (B, H, T, d)
    NDArray v = split(vProj.forward(x), b, t); // (B, H, T, d)
    NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)); // (B, H, T, T)
    if (additiveMask != null) {
      logits = logits.add(additiveMask);
    }
    NDArray out = logits.softmax(-1).matMul(v); // (B, H, T, d)
    out = out.transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim); // (B, T, D)
    return outProj.forward(out);
  }

  private NDArray split(NDArray x, long b, long t) {
    return x.reshape(b, t, heads, headDim).transpose(0, 2, 1, 3); // (B, H, T, d)
  }
}
