package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.LayerNorm;
import io.difflens.models.nn.Module;

/**
 * diffusers {@code BasicTransformerBlock} (layer-norm variant): pre-norm self-attention ({@code
 * attn1}), cross-attention over the text ({@code attn2}) and a GEGLU feed-forward, each with a
 * residual. Input and output (B, N, D); context (B, M, D_ctx). Offers {@code <path>} (the block
 * output).
 */
public final class BasicTransformerBlock extends Module {
  private final String path;
  private final LayerNorm norm1;
  private final Attention attn1;
  private final LayerNorm norm2;
  private final Attention attn2;
  private final LayerNorm norm3;
  private final FeedForward ff;

  public BasicTransformerBlock(
      String path, int dim, int heads, int headDim, int contextDim, boolean upcast) {
    this.path = path;
    this.norm1 = child("norm1", new LayerNorm(dim, 1e-5f));
    this.attn1 =
        child(
            "attn1", new Attention(path + ".attn1", dim, 0, heads, headDim, false, 0, 0f, upcast));
    this.norm2 = child("norm2", new LayerNorm(dim, 1e-5f));
    this.attn2 =
        child(
            "attn2",
            new Attention(path + ".attn2", dim, contextDim, heads, headDim, false, 0, 0f, upcast));
    this.norm3 = child("norm3", new LayerNorm(dim, 1e-5f));
    this.ff = child("ff", new FeedForward(dim, 4 * dim));
  }

  public Attention crossAttention() {
    return attn2;
  }

  public NDArray forward(NDArray x, NDArray context, ActivationCapture capture) {
    NDArray out =
        Scoped.run(
            capture,
            () -> {
              NDArray h = attn1.forward(norm1.forward(x), null, capture).add(x);
              h = attn2.forward(norm2.forward(h), context, capture).add(h);
              return ff.forward(norm3.forward(h)).add(h);
            });
    capture.offer(path, out);
    return out;
  }
}
