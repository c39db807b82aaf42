package io.difflens.models.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import java.nio.file.Path;

/**
 * transformers' {@code LlamaConfig} fields that shape the network (the hub {@code config.json});
 * LLaVA's {@code LlavaLlamaForCausalLM} config carries the same fields for its language model.
 */
public record LlamaConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int maxPositionEmbeddings,
    double rmsNormEps,
    double ropeTheta,
    boolean attentionBias,
    boolean tieWordEmbeddings,
    int bosTokenId,
    int eosTokenId) {

  public LlamaConfig {
    if (vocabSize <= 0
        || hiddenSize <= 0
        || intermediateSize <= 0
        || numHiddenLayers <= 0
        || maxPositionEmbeddings <= 0) {
      throw new IllegalArgumentException(
          "LLaMA sizes must be positive: vocab "
              + vocabSize
              + ", hidden "
              + hiddenSize
              + ", intermediate "
              + intermediateSize
              + ", layers "
              + numHiddenLayers
              + ", positions "
              + maxPositionEmbeddings);
    }
    if (numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size "
              + hiddenSize
              + " must be divisible by num_attention_heads "
              + numAttentionHeads);
    }
    if (numKeyValueHeads <= 0 || numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numAttentionHeads
              + " must be a multiple of num_key_value_heads "
              + numKeyValueHeads);
    }
    if ((hiddenSize / numAttentionHeads) % 2 != 0) {
      throw new IllegalArgumentException(
          "head_dim " + hiddenSize / numAttentionHeads + " must be even for RoPE");
    }
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Query heads per key/value head (1 without grouped-query attention). */
  public int groupSize() {
    return numAttentionHeads / numKeyValueHeads;
  }

  public static LlamaConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  public static LlamaConfig fromJson(JsonNode c) {
    String act = JsonFields.optText(c, "hidden_act", "silu");
    if (!act.equals("silu")) {
      throw new IllegalArgumentException("LLaMA hidden_act must be 'silu', got '" + act + "'");
    }
    JsonNode scaling = c.get("rope_scaling");
    if (scaling != null && !scaling.isNull()) {
      throw new IllegalArgumentException("rope_scaling is not supported, got " + scaling);
    }
    if (JsonFields.optBoolean(c, "mlp_bias", false)) {
      throw new IllegalArgumentException("mlp_bias=true is not supported");
    }
    int heads = JsonFields.optInt(c, "num_attention_heads", 32);
    return new LlamaConfig(
        JsonFields.optInt(c, "vocab_size", 32000),
        JsonFields.optInt(c, "hidden_size", 4096),
        JsonFields.optInt(c, "intermediate_size", 11008),
        JsonFields.optInt(c, "num_hidden_layers", 32),
        heads,
        JsonFields.optInt(c, "num_key_value_heads", heads),
        JsonFields.optInt(c, "max_position_embeddings", 2048),
        JsonFields.optDouble(c, "rms_norm_eps", 1e-6),
        JsonFields.optDouble(c, "rope_theta", 10000.0),
        JsonFields.optBoolean(c, "attention_bias", false),
        JsonFields.optBoolean(c, "tie_word_embeddings", false),
        JsonFields.optInt(c, "bos_token_id", 1),
        JsonFields.optInt(c, "eos_token_id", 2));
  }
}
