package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.clip.ClipVisionOutput;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code CLIPVisionModel} on {@code pixel_values}, plus LLaVA's penultimate-layer patch features.
 */
public final class ClipVisionRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    ClipVisionModel model = new ClipVisionModel(ClipVisionConfig.fromJson(folder.config()));
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(model, weights, manager, Checkpoints.Options.defaults());
    }
    ClipVisionOutput out;
    try (TensorSource in = folder.inputs()) {
      out = model.forward(in.load("pixel_values", manager));
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    for (int i = 0; i < out.hiddenStates().size(); i++) {
      result.put("hidden_states." + i, out.hiddenStates().get(i));
    }
    result.put("last_hidden_state", out.lastHiddenState());
    result.put("pooler_output", out.pooledOutput());
    result.put("penultimate_hidden_state", out.hiddenStates().get(out.hiddenStates().size() - 2));
    result.put("llava_image_features", out.patchFeatures(-2));
    return result;
  }
}
