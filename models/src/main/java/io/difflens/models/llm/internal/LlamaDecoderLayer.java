package io.difflens.models.llm.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.nn.Module;

/** transformers' {@code LlamaDecoderLayer}: pre-RMSNorm attention and SwiGLU MLP with residuals. */
public final class LlamaDecoderLayer extends Module {
  private final LlamaAttention selfAttn;
  private final LlamaMlp mlp;
  private final RmsNorm inputLayernorm;
  private final RmsNorm postAttentionLayernorm;

  public LlamaDecoderLayer(LlamaConfig c) {
    float eps = (float) c.rmsNormEps();
    this.selfAttn = child("self_attn", new LlamaAttention(c));
    this.mlp = child("mlp", new LlamaMlp(c.hiddenSize(), c.intermediateSize()));
    this.inputLayernorm = child("input_layernorm", new RmsNorm(c.hiddenSize(), eps));
    this.postAttentionLayernorm =
        child("post_attention_layernorm", new RmsNorm(c.hiddenSize(), eps));
  }

  /**
   * As {@link LlamaAttention#forward}, with the layer's output (B, T, D) in place of the attention
   * output.
   */
  public LlamaAttention.Result forward(
      NDArray x, NDArray cos, NDArray sin, NDArray mask, NDArray pastKeys, NDArray pastValues) {
    LlamaAttention.Result attn =
        selfAttn.forward(inputLayernorm.forward(x), cos, sin, mask, pastKeys, pastValues);
    NDArray h = x.add(attn.output());
    NDArray out = h.add(mlp.forward(postAttentionLayernorm.forward(h)));
    return new LlamaAttention.Result(out, attn.keys(), attn.values());
  }
}
