package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.LayerNorm;
import io.difflens.models.nn.Module;

/**
 * transformers' {@code CLIPEncoderLayer}: pre-norm attention and MLP with residuals, (B, T, D) to
 * (B, T, D).
 */
public final class ClipEncoderLayer extends Module {
  private final ClipAttention selfAttn;
  private final LayerNorm layerNorm1;
  private final ClipMlp mlp;
  private final LayerNorm layerNorm2;

  public ClipEncoderLayer(
      int width, int heads, int intermediate, float eps, ActivationFunction act) {
    this.selfAttn = child("self_attn", new ClipAttention(width, heads));
    this.layerNorm1 = child("layer_norm1", new LayerNorm(width, eps));
    this.mlp = child("mlp", new ClipMlp(width, intermediate, act));
    this.layerNorm2 = child("layer_norm2", new LayerNorm(width, eps));
  }

  public NDArray forward(NDArray x, NDArray additiveMask) {
    NDArray h = x.add(selfAttn.forward(layerNorm1.forward(x), additiveMask));
    return h.add(mlp.forward(layerNorm2.forward(h)));
  }
}
