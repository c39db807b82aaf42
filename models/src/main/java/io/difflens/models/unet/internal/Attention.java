package io.difflens.models.unet.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.GroupNorm;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;

/**
 * diffusers {@code Attention} with the plain {@code AttnProcessor}: multi-head scaled dot-product
 * attention over tokens, self-attention when no context is given.
 *
 * <p>Dimensions: B batch, N query tokens, M context tokens, h heads, d head size, C = h·d. Offers
 * {@code <path>.to_q} (B, N, C), {@code <path>.logits} = d^-0.5 · Q Kᵀ and {@code <path>.probs} =
 * softmax(logits), both (B·h, N, M) with row {@code b·h + head}: the layout of diffusers' {@code
 * head_to_batch_dim}.
 *
 * <p>The VAE variant adds an input {@code group_norm} over channels of a (B, C, H, W) map and a
 * residual connection ({@link #forwardSpatial}).
 */
public final class Attention extends Module {
  private final String path;
  private final int heads;
  private final int headDim;
  private final float scale;
  private final boolean upcast;
  private final GroupNorm groupNorm;
  private final Linear toQ;
  private final Linear toK;
  private final Linear toV;
  private final Linear toOut;

  /**
   * @param contextDim size of the context tokens, or 0 for self-attention
   * @param normGroups groups of the input group norm (VAE), or 0 for none
   * @param upcast compute scores and softmax in float32 whatever the input precision
   */
  public Attention(
      String path,
      int queryDim,
      int contextDim,
      int heads,
      int headDim,
      boolean qkvBias,
      int normGroups,
      float normEps,
      boolean upcast) {
    if (heads <= 0 || headDim <= 0) {
      throw new IllegalArgumentException(
          path + ": attention needs positive heads and head size, got " + heads + " x " + headDim);
    }
    this.path = path;
    this.heads = heads;
    this.headDim = headDim;
    this.scale = (float) Math.pow(headDim, -0.5);
    this.upcast = upcast;
    int inner = heads * headDim;
    int kvDim = contextDim > 0 ? contextDim : queryDim;
    this.groupNorm =
        normGroups > 0 ? child("group_norm", new GroupNorm(normGroups, queryDim, normEps)) : null;
    this.toQ = child("to_q", new Linear(queryDim, inner, qkvBias));
    this.toK = child("to_k", new Linear(kvDim, inner, qkvBias));
    this.toV = child("to_v", new Linear(kvDim, inner, qkvBias));
    ModuleList<Linear> out = child("to_out", new ModuleList<>());
    this.toOut = out.add(new Linear(inner, queryDim, true));
  }

  public String path() {
    return path;
  }

  public int heads() {
    return heads;
  }

  /**
   * Attention of {@code x} (B, N, C_q) over {@code context} (B, M, C_kv), or over itself when
   * {@code context} is null. Returns (B, N, C_q).
   */
  public NDArray forward(NDArray x, NDArray context, ActivationCapture capture) {
    return Scoped.run(capture, () -> attend(x, context, capture));
  }

  private NDArray attend(NDArray x, NDArray context, ActivationCapture capture) {
    NDArray kv = context == null ? x : context;
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    long m = kv.getShape().get(1);
    NDArray q = toQ.forward(x); // (B, N, C)
    capture.offer(path + ".to_q", q);
    NDArray k = toK.forward(kv); // (B, M, C)
    NDArray v = toV.forward(kv); // (B, M, C)
    NDArray qh = splitHeads(q, b, n); // (B*h, N, d)
    NDArray kh = splitHeads(k, b, m); // (B*h, M, d)
    NDArray vh = splitHeads(v, b, m); // (B*h, M, d)
    DataType type = qh.getDataType();
    if (upcast && type != DataType.FLOAT32) {
      qh = qh.toType(DataType.FLOAT32, false);
      kh = kh.toType(DataType.FLOAT32, false);
    }
    // diffusers scales the product (torch.baddbmm(alpha=scale)); scaling the queries first is the same up to
    // rounding and spares a pass over the logits, the step's largest tensor when the heads are narrow (a UNet
    // training step ran 3-7% faster, bench/RESULTS.md); the golden parity tests hold either way
    NDArray logits = Scalars.mul(qh, scale).matMul(kh.transpose(0, 2, 1)); // (B*h, N, M)
    capture.offer(path + ".logits", logits);
    NDArray probs = logits.softmax(-1).toType(type, false); // (B*h, N, M)
    capture.offer(path + ".probs", probs);
    NDArray mixed = probs.matMul(vh); // (B*h, N, d)
    NDArray merged =
        mixed
            .reshape(b, heads, n, headDim)
            .transpose(0, 2, 1, 3)
            .reshape(b, n, (long) heads * headDim);
    return toOut.forward(merged); // (B, N, C_q)
  }

  /** (B, T, h*d) -> (B*h, T, d), heads taken head-major from the channel axis. */
  private NDArray splitHeads(NDArray t, long b, long tokens) {
    return t.reshape(b, tokens, heads, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(b * heads, tokens, headDim);
  }

  /**
   * The VAE mid-block form: group norm, attention over the H·W pixels of {@code x} (B, C, H, W),
   * residual added. Returns (B, C, H, W).
   */
  public NDArray forwardSpatial(NDArray x, ActivationCapture capture) {
    return Scoped.run(
        capture,
        () -> {
          Shape s = x.getShape();
          long b = s.get(0);
          long c = s.get(1);
          long hw = s.get(2) * s.get(3);
          NDArray h = groupNorm == null ? x : groupNorm.forward(x);
          NDArray tokens = h.reshape(b, c, hw).transpose(0, 2, 1); // (B, HW, C)
          NDArray out = attend(tokens, null, capture); // (B, HW, C)
          NDArray map = out.transpose(0, 2, 1).reshape(s); // (B, C, H, W)
          return map.add(x);
        });
  }
}
