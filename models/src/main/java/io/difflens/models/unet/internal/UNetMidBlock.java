package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.List;

/**
 * diffusers {@code UNetMidBlock2DCrossAttn} (attention = {@link Transformer2DModel}, UNet) and
 * {@code UNetMidBlock2D} (attention = a single spatial {@link Attention}, VAE): a resnet, then
 * (attention, resnet) pairs. Offers {@code <path>}.
 */
public final class UNetMidBlock extends Module {
  private final String path;
  private final ModuleList<Module> attentions;
  private final ModuleList<ResnetBlock2D> resnets;

  private UNetMidBlock(String path) {
    this.path = path;
    this.attentions = child("attentions", new ModuleList<>());
    this.resnets = child("resnets", new ModuleList<>());
  }

  /** The UNet's cross-attention mid block. */
  public static UNetMidBlock crossAttention(
      String path,
      int channels,
      int timeEmbedDim,
      int transformerLayers,
      int heads,
      int contextDim,
      int groups,
      float eps,
      ActivationFunction act,
      float outputScale,
      TransformerStyle style) {
    UNetMidBlock block = new UNetMidBlock(path);
    block.resnets.add(
        new ResnetBlock2D(
            path + ".resnets.0", channels, channels, timeEmbedDim, groups, eps, act, outputScale));
    block.attentions.add(
        new Transformer2DModel(
            path + ".attentions.0", channels, heads, transformerLayers, contextDim, groups, style));
    block.resnets.add(
        new ResnetBlock2D(
            path + ".resnets.1", channels, channels, timeEmbedDim, groups, eps, act, outputScale));
    return block;
  }

  /** The VAE encoder's mid block: single-head spatial self-attention with a group norm. */
  public static UNetMidBlock spatial(
      String path, int channels, int groups, float eps, ActivationFunction act) {
    UNetMidBlock block = new UNetMidBlock(path);
    block.resnets.add(
        new ResnetBlock2D(path + ".resnets.0", channels, channels, 0, groups, eps, act, 1f));
    block.attentions.add(
        new Attention(path + ".attentions.0", channels, 0, 1, channels, true, groups, eps, true));
    block.resnets.add(
        new ResnetBlock2D(path + ".resnets.1", channels, channels, 0, groups, eps, act, 1f));
    return block;
  }

  public List<Module> attentions() {
    return attentions.asList();
  }

  public NDArray forward(NDArray x, NDArray temb, NDArray context, ActivationCapture capture) {
    NDArray h = resnets.get(0).forward(x, temb, capture);
    for (int i = 0; i < attentions.size(); i++) {
      Module attention = attentions.get(i);
      if (attention instanceof Transformer2DModel t) {
        h = t.forward(h, context, capture);
      } else {
        h = ((Attention) attention).forwardSpatial(h, capture);
      }
      h = resnets.get(i + 1).forward(h, temb, capture);
    }
    capture.offer(path, h);
    return h;
  }
}
