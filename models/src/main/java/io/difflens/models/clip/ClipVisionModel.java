package io.difflens.models.clip;

import ai.djl.ndarray.NDArray;
import io.difflens.models.clip.internal.ClipEncoder;
import io.difflens.models.clip.internal.ClipVisionEmbeddings;
import io.difflens.models.nn.LayerNorm;
import io.difflens.models.nn.Module;
import java.util.List;

/**
 * transformers' {@code CLIPVisionModel} (LLaVA's vision tower). B batch, C channels, S image side,
 * N patches, D width. Parameters: {@code
 * vision_model.(embeddings|pre_layrnorm|encoder|post_layernorm).*} ({@code pre_layrnorm} is
 * transformers' spelling).
 */
public final class ClipVisionModel extends Module {
  private final ClipVisionConfig config;
  private final VisionTransformer visionModel;

  public ClipVisionModel(ClipVisionConfig config) {
    this.config = config;
    this.visionModel = child("vision_model", new VisionTransformer(config));
  }

  public ClipVisionConfig config() {
    return config;
  }

  /** Encodes normalised pixels (B, C, S, S). */
  public ClipVisionOutput forward(NDArray pixels) {
    return visionModel.forward(pixels);
  }

  /** transformers' {@code CLIPVisionTransformer}; kept here because only this class builds it. */
  private static final class VisionTransformer extends Module {
    private final ClipVisionEmbeddings embeddings;
    private final LayerNorm preLayrnorm;
    private final ClipEncoder encoder;
    private final LayerNorm postLayernorm;

    VisionTransformer(ClipVisionConfig c) {
      float eps = (float) c.layerNormEps();
      this.embeddings = child("embeddings", new ClipVisionEmbeddings(c));
      this.preLayrnorm = child("pre_layrnorm", new LayerNorm(c.hiddenSize(), eps));
      this.encoder =
          child(
              "encoder",
              new ClipEncoder(
                  c.numHiddenLayers(),
                  c.hiddenSize(),
                  c.numAttentionHeads(),
                  c.intermediateSize(),
                  eps,
                  c.hiddenAct()));
      this.postLayernorm = child("post_layernorm", new LayerNorm(c.hiddenSize(), eps));
    }

    ClipVisionOutput forward(NDArray pixels) {
      List<NDArray> states = encoder.forward(preLayrnorm.forward(embeddings.forward(pixels)), null);
      NDArray last = states.get(states.size() - 1);
      NDArray pooled = postLayernorm.forward(last.get(":, 0, :")); // (B, D)
      return new ClipVisionOutput(states, last, pooled);
    }
  }
}
