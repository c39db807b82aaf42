package io.difflens.models.unet;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A UNet forward result: the noise prediction (B, C_out, H, W) and the requested activations by
 * name, in forward order (see {@link UNet2DConditionModel} for the names).
 */
public record UNetOutput(NDArray sample, Map<String, NDArray> features) {
  public UNetOutput {
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /** A requested activation; fails naming what was captured if absent. */
  public NDArray feature(String name) {
    NDArray a = features.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "no activation '" + name + "' was captured; captured: " + features.keySet());
    }
    return a;
  }
}
