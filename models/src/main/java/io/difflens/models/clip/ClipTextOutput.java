package io.difflens.models.clip;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;

/**
 * Outputs of a CLIP text tower, named as transformers names them.
 *
 * @param hiddenStates embeddings then the output of every layer, each (B, T, D); {@code
 *     hiddenStates.get(n - 2)} is the penultimate layer SD2 and SDXL condition on (without {@code
 *     final_layer_norm})
 * @param lastHiddenState {@code final_layer_norm} of the last layer, (B, T, D)
 * @param pooledOutput {@code last_hidden_state} at the EOS position of each row, (B, D)
 * @param textEmbeds {@code text_projection(pooled_output)}, (B, P), only for {@code
 *     CLIPTextModelWithProjection}
 */
public record ClipTextOutput(
    List<NDArray> hiddenStates,
    NDArray lastHiddenState,
    NDArray pooledOutput,
    Optional<NDArray> textEmbeds) {

  public ClipTextOutput {
    hiddenStates = List.copyOf(hiddenStates);
  }

  /** {@code hidden_states[-2]}: the penultimate layer, before any final norm. */
  public NDArray penultimateHiddenState() {
    return hiddenStates.get(hiddenStates.size() - 2);
  }
}
