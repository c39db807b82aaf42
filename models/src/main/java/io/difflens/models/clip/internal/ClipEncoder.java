package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.ArrayList;
import java.util.List;

/** transformers' {@code CLIPEncoder}: {@code layers.N}. */
public final class ClipEncoder extends Module {
  private final ModuleList<ClipEncoderLayer> layers;

  public ClipEncoder(
      int layerCount, int width, int heads, int intermediate, float eps, ActivationFunction act) {
    this.layers = child("layers", new ModuleList<>());
    for (int i = 0; i < layerCount; i++) {
      layers.add(new ClipEncoderLayer(width, heads, intermediate, eps, act));
    }
  }

  /**
   * Returns the input followed by the output of every layer: {@code layerCount + 1} arrays (B, T,
   * D).
   */
  public List<NDArray> forward(NDArray x, NDArray additiveMask) {
    List<NDArray> states = new ArrayList<>(layers.size() + 1);
    states.add(x);
    NDArray h = x;
    for (ClipEncoderLayer layer : layers) {
      h = layer.forward(h, additiveMask);
      states.add(h);
    }
    return states;
  }
}
