package io.difflens.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.nn.ActivationFunction;
import java.nio.file.Path;

/**
 * transformers' {@code CLIPTextConfig} fields that shape the network (the hub {@code config.json}).
 *
 * @param withProjection {@code CLIPTextModelWithProjection} (adds {@code text_projection}) rather
 *     than {@code CLIPTextModel}
 * @param eosTokenId 2 in the SD/SDXL hub configs, which selects transformers' legacy pooling at
 *     {@code argmax(input_ids)}; any other value pools at the first {@code eos_token_id}
 */
public record ClipTextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int maxPositionEmbeddings,
    double layerNormEps,
    ActivationFunction hiddenAct,
    int projectionDim,
    int eosTokenId,
    boolean withProjection) {

  public static final String TEXT_MODEL = "CLIPTextModel";
  public static final String TEXT_MODEL_WITH_PROJECTION = "CLIPTextModelWithProjection";

  public ClipTextConfig {
    if (vocabSize <= 0
        || hiddenSize <= 0
        || intermediateSize <= 0
        || numHiddenLayers <= 0
        || maxPositionEmbeddings <= 0
        || projectionDim <= 0) {
      throw new IllegalArgumentException(
          "CLIP text sizes must be positive: vocab "
              + vocabSize
              + ", hidden "
              + hiddenSize
              + ", intermediate "
              + intermediateSize
              + ", layers "
              + numHiddenLayers
              + ", positions "
              + maxPositionEmbeddings
              + ", projection "
              + projectionDim);
    }
    if (numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size "
              + hiddenSize
              + " must be divisible by num_attention_heads "
              + numAttentionHeads);
    }
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Whether pooling uses transformers' legacy {@code argmax(input_ids)} rule. */
  public boolean legacyArgmaxPooling() {
    return eosTokenId == 2;
  }

  public static ClipTextConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  /**
   * Reads a hub config. The architecture comes from {@code architectures[0]}; without it (or for a
   * full {@code CLIPModel} config's {@code text_config}) the model has a projection iff the caller
   * asks for one.
   */
  public static ClipTextConfig fromJson(JsonNode c) {
    String arch = JsonFields.architecture(c, TEXT_MODEL);
    if (!arch.equals(TEXT_MODEL) && !arch.equals(TEXT_MODEL_WITH_PROJECTION)) {
      throw new IllegalArgumentException("not a CLIP text config: architectures[0] = " + arch);
    }
    return new ClipTextConfig(
        JsonFields.optInt(c, "vocab_size", 49408),
        JsonFields.optInt(c, "hidden_size", 512),
        JsonFields.optInt(c, "intermediate_size", 2048),
        JsonFields.optInt(c, "num_hidden_layers", 12),
        JsonFields.optInt(c, "num_attention_heads", 8),
        JsonFields.optInt(c, "max_position_embeddings", 77),
        JsonFields.optDouble(c, "layer_norm_eps", 1e-5),
        ActivationFunction.fromConfig(JsonFields.optText(c, "hidden_act", "quick_gelu")),
        JsonFields.optInt(c, "projection_dim", 512),
        JsonFields.optInt(c, "eos_token_id", 2),
        arch.equals(TEXT_MODEL_WITH_PROJECTION));
  }
}
