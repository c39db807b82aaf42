package io.difflens.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.difflens.models.clip.internal.ClipTextTransformer;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import java.util.List;
import java.util.Optional;

/**
 * transformers' {@code CLIPTextModel} and {@code CLIPTextModelWithProjection} (SD / SDXL text
 * encoders). B batch, T tokens (77), D width, P projection width. Parameters: {@code text_model.*}
 * and, with a projection, {@code text_projection.weight}.
 */
public final class ClipTextModel extends Module {
  private final ClipTextConfig config;
  private final ClipTextTransformer textModel;
  private final Linear textProjection;

  public ClipTextModel(ClipTextConfig config) {
    this.config = config;
    this.textModel = child("text_model", new ClipTextTransformer(config));
    this.textProjection =
        config.withProjection()
            ? child(
                "text_projection", new Linear(config.hiddenSize(), config.projectionDim(), false))
            : null;
  }

  public ClipTextConfig config() {
    return config;
  }

  /**
   * Encodes ids (B, T) int64. No attention mask: the SD pipelines pass none; padding positions only
   * see the tokens before them through the causal mask.
   */
  public ClipTextOutput forward(NDArray ids) {
    List<NDArray> states = textModel.hiddenStates(ids);
    NDArray last = textModel.finalLayerNorm(states.get(states.size() - 1));
    NDArray pooled = pool(last, poolPositions(ids.toLongArray(), (int) ids.getShape().get(1)));
    Optional<NDArray> embeds = Optional.ofNullable(textProjection).map(p -> p.forward(pooled));
    return new ClipTextOutput(states, last, pooled, embeds);
  }

  /**
   * The EOS position of every row, as transformers finds it: with {@code eos_token_id == 2} (the
   * legacy configs) the first position of the largest id, otherwise the first position holding
   * {@code eos_token_id}.
   */
  int[] poolPositions(long[] flatIds, int length) {
    int rows = flatIds.length / length;
    int[] positions = new int[rows];
    for (int r = 0; r < rows; r++) {
      int found = -1;
      for (int i = 0; i < length; i++) {
        long id = flatIds[r * length + i];
        if (config.legacyArgmaxPooling()) {
          if (found < 0 || id > flatIds[r * length + found]) {
            found = i;
          }
        } else if (id == config.eosTokenId()) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        throw new IllegalArgumentException(
            "row " + r + " holds no eos_token_id " + config.eosTokenId());
      }
      positions[r] = found;
    }
    return positions;
  }

  private static NDArray pool(NDArray last, int[] positions) {
    NDList rows = new NDList(positions.length);
    for (int r = 0; r < positions.length; r++) {
      rows.add(last.get(r, positions[r])); // (D)
    }
    return NDArrays.stack(rows); // (B, D)
  }
}
