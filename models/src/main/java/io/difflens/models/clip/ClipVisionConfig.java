package io.difflens.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.nn.ActivationFunction;
import java.nio.file.Path;

/** transformers' {@code CLIPVisionConfig} fields that shape the network. */
public record ClipVisionConfig(
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numChannels,
    int imageSize,
    int patchSize,
    double layerNormEps,
    ActivationFunction hiddenAct) {

  public static final String VISION_MODEL = "CLIPVisionModel";
  /**
   * transformers' vision tower with its {@code visual_projection}: the same tower; a bundle's image
   * encoder reads the tower and ignores the projection.
   */
  public static final String VISION_MODEL_WITH_PROJECTION = "CLIPVisionModelWithProjection";

  public ClipVisionConfig {
    if (hiddenSize <= 0 || intermediateSize <= 0 || numHiddenLayers <= 0 || numChannels <= 0) {
      throw new IllegalArgumentException(
          "CLIP vision sizes must be positive: hidden "
              + hiddenSize
              + ", intermediate "
              + intermediateSize
              + ", layers "
              + numHiddenLayers
              + ", channels "
              + numChannels);
    }
    if (numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size "
              + hiddenSize
              + " must be divisible by num_attention_heads "
              + numAttentionHeads);
    }
    if (patchSize <= 0 || imageSize % patchSize != 0) {
      throw new IllegalArgumentException(
          "image_size " + imageSize + " must be a multiple of patch_size " + patchSize);
    }
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Patches per side. */
  public int gridSize() {
    return imageSize / patchSize;
  }

  /** Patches plus the class token. */
  public int numPositions() {
    return gridSize() * gridSize() + 1;
  }

  public static ClipVisionConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  public static ClipVisionConfig fromJson(JsonNode c) {
    String arch = JsonFields.architecture(c, VISION_MODEL);
    if (!arch.equals(VISION_MODEL) && !arch.equals(VISION_MODEL_WITH_PROJECTION)) {
      throw new IllegalArgumentException("not a CLIP vision config: architectures[0] = " + arch);
    }
    return new ClipVisionConfig(
        JsonFields.optInt(c, "hidden_size", 768),
        JsonFields.optInt(c, "intermediate_size", 3072),
        JsonFields.optInt(c, "num_hidden_layers", 12),
        JsonFields.optInt(c, "num_attention_heads", 12),
        JsonFields.optInt(c, "num_channels", 3),
        JsonFields.optInt(c, "image_size", 224),
        JsonFields.optInt(c, "patch_size", 32),
        JsonFields.optDouble(c, "layer_norm_eps", 1e-5),
        ActivationFunction.fromConfig(JsonFields.optText(c, "hidden_act", "quick_gelu")));
  }
}
