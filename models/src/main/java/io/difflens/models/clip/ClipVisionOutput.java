package io.difflens.models.clip;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Outputs of a CLIP vision tower.
 *
 * @param hiddenStates {@code pre_layrnorm(embeddings)} then the output of every layer, each (B, 1 +
 *     N, D)
 * @param lastHiddenState the last layer's output (no post-LayerNorm), (B, 1 + N, D)
 * @param pooledOutput {@code post_layernorm} of the class token, (B, D)
 */
public record ClipVisionOutput(
    List<NDArray> hiddenStates, NDArray lastHiddenState, NDArray pooledOutput) {

  public ClipVisionOutput {
    hiddenStates = List.copyOf(hiddenStates);
  }

  /**
   * LLaVA's image features: {@code hidden_states[selectLayer]} (negative counts from the end;
   * LLaVA-1.5 uses -2) with the class token dropped ({@code mm_vision_select_feature = "patch"}),
   * (B, N, D).
   */
  public NDArray patchFeatures(int selectLayer) {
    int index = selectLayer < 0 ? hiddenStates.size() + selectLayer : selectLayer;
    if (index < 0 || index >= hiddenStates.size()) {
      throw new IllegalArgumentException(
          "select layer "
              + selectLayer
              + " is outside the "
              + hiddenStates.size()
              + " hidden states");
    }
    return hiddenStates.get(index).get(":, 1:, :");
  }
}
