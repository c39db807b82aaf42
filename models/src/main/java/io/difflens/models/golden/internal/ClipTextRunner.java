package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipTextOutput;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code CLIPTextModel} / {@code CLIPTextModelWithProjection} on {@code input_ids}, hidden states
 * included.
 */
public final class ClipTextRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    ClipTextModel model = new ClipTextModel(ClipTextConfig.fromJson(folder.config()));
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(model, weights, manager, Checkpoints.Options.defaults());
    }
    ClipTextOutput out;
    try (TensorSource in = folder.inputs()) {
      out = model.forward(in.load("input_ids", manager));
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    for (int i = 0; i < out.hiddenStates().size(); i++) {
      result.put("hidden_states." + i, out.hiddenStates().get(i));
    }
    result.put("last_hidden_state", out.lastHiddenState());
    result.put("penultimate_hidden_state", out.penultimateHiddenState());
    result.put("pooler_output", out.pooledOutput());
    result.put("pooled_before_projection", out.pooledOutput());
    out.textEmbeds().ifPresent(e -> result.put("text_embeds", e));
    return result;
  }
}
