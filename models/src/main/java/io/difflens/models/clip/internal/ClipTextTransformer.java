package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.nn.LayerNorm;
import io.difflens.models.nn.Module;
import java.util.List;

/**
 * transformers' {@code CLIPTextTransformer}: embeddings, causal encoder, {@code final_layer_norm}.
 */
public final class ClipTextTransformer extends Module {
  /** transformers fills masked logits with {@code torch.finfo(float32).min}. */
  private static final float MASKED = -Float.MAX_VALUE;

  private final ClipTextEmbeddings embeddings;
  private final ClipEncoder encoder;
  private final LayerNorm finalLayerNorm;

  public ClipTextTransformer(ClipTextConfig c) {
    float eps = (float) c.layerNormEps();
    this.embeddings =
        child(
            "embeddings",
            new ClipTextEmbeddings(c.vocabSize(), c.maxPositionEmbeddings(), c.hiddenSize()));
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
    this.finalLayerNorm = child("final_layer_norm", new LayerNorm(c.hiddenSize(), eps));
  }

  /** Hidden states (embeddings, then every layer) of ids (B, T). */
  public List<NDArray> hiddenStates(NDArray ids) {
    int t = (int) ids.getShape().get(1);
    float[] mask = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        mask[i * t + j] = MASKED;
      }
    }
    NDArray causal = ids.getManager().create(mask, new Shape(t, t)); // (T, T)
    return encoder.forward(embeddings.forward(ids), causal);
  }

  public NDArray finalLayerNorm(NDArray x) {
    return finalLayerNorm.forward(x);
  }
}
