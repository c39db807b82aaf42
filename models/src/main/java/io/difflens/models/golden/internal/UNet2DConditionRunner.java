package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.models.unet.UNetOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code UNet2DConditionModel}: the noise prediction plus every recorded activation. Reference
 * names map onto capture names by dropping the forward-hook suffix {@code .hidden_states}; {@code
 * noise_pred} is the model output.
 */
public final class UNet2DConditionRunner implements GoldenRunner {

  private static final String HOOK_SUFFIX = ".hidden_states";

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    UNet2DConditionModel unet =
        new UNet2DConditionModel(UNet2DConditionConfig.parse(folder.config()));
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(unet, weights, manager, Checkpoints.Options.defaults());
    }
    Map<String, String> captureToReference = new LinkedHashMap<>();
    try (TensorSource outputs = folder.outputs()) {
      for (String name : outputs.tensors().keySet()) {
        String capture =
            name.endsWith(HOOK_SUFFIX)
                ? name.substring(0, name.length() - HOOK_SUFFIX.length())
                : name;
        captureToReference.put(capture, name);
      }
    }
    try (TensorSource in = folder.inputs()) {
      AddedConditions added =
          in.contains("text_embeds")
              ? new AddedConditions(in.load("text_embeds", manager), in.load("time_ids", manager))
              : null;
      ActivationCapture capture = ActivationCapture.of(captureToReference.keySet());
      UNetOutput out =
          unet.forward(
              in.load("sample", manager),
              in.load("timestep", manager).toType(DataType.FLOAT32, false),
              in.load("encoder_hidden_states", manager),
              added,
              capture);
      Map<String, NDArray> produced = new LinkedHashMap<>();
      out.features().forEach((name, value) -> produced.put(captureToReference.get(name), value));
      produced.put("noise_pred", out.sample());
      return produced;
    }
  }
}
