package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers {@code DownBlock2D} (resnets only) and {@code CrossAttnDownBlock2D} (each resnet
 * followed by a {@link Transformer2DModel}), with an optional stride-2 downsampler. Returns the
 * skip tensors in order (each resnet/attention output, then the downsampler output); the last is
 * the block output. Offers {@code <path>} and {@code <path>.res_samples.<j>}.
 */
public final class UNetDownBlock extends Module {
  private final String path;
  private final ModuleList<Transformer2DModel> attentions;
  private final ModuleList<ResnetBlock2D> resnets;
  private final Downsample2D downsampler;

  /** Shape of the block, in the config's terms. */
  public record Spec(
      int in,
      int out,
      int layers,
      boolean crossAttention,
      int transformerLayers,
      int heads,
      int contextDim,
      boolean addDownsample,
      int downsamplePadding) {}

  public UNetDownBlock(
      String path,
      Spec spec,
      int timeEmbedDim,
      int groups,
      float eps,
      ActivationFunction act,
      TransformerStyle style) {
    this.path = path;
    this.attentions = spec.crossAttention() ? child("attentions", new ModuleList<>()) : null;
    this.resnets = child("resnets", new ModuleList<>());
    for (int i = 0; i < spec.layers(); i++) {
      int in = i == 0 ? spec.in() : spec.out();
      resnets.add(
          new ResnetBlock2D(
              path + ".resnets." + i, in, spec.out(), timeEmbedDim, groups, eps, act, 1f));
      if (attentions != null) {
        attentions.add(
            new Transformer2DModel(
                path + ".attentions." + i,
                spec.out(),
                spec.heads(),
                spec.transformerLayers(),
                spec.contextDim(),
                groups,
                style));
      }
    }
    if (spec.addDownsample()) {
      ModuleList<Downsample2D> down = child("downsamplers", new ModuleList<>());
      this.downsampler =
          down.add(new Downsample2D(spec.out(), spec.out(), spec.downsamplePadding()));
    } else {
      this.downsampler = null;
    }
  }

  public List<Transformer2DModel> attentions() {
    return attentions == null ? List.of() : attentions.asList();
  }

  /** Number of skip tensors this block returns. */
  public int skipCount() {
    return resnets.size() + (downsampler == null ? 0 : 1);
  }

  public List<NDArray> forward(
      NDArray x, NDArray temb, NDArray context, ActivationCapture capture) {
    List<NDArray> skips = new ArrayList<>();
    NDArray h = x;
    for (int i = 0; i < resnets.size(); i++) {
      h = resnets.get(i).forward(h, temb, capture);
      if (attentions != null) {
        h = attentions.get(i).forward(h, context, capture);
      }
      skips.add(h);
    }
    if (downsampler != null) {
      h = downsampler.forward(h);
      skips.add(h);
    }
    for (int j = 0; j < skips.size(); j++) {
      capture.offer(path + ".res_samples." + j, skips.get(j));
    }
    capture.offer(path, h);
    return skips;
  }
}
