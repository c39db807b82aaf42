package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.List;

/**
 * diffusers {@code UpBlock2D} and {@code CrossAttnUpBlock2D}: each layer concatenates the next skip
 * tensor (taken from the end) on channels, runs a resnet (and a {@link Transformer2DModel}), then
 * an optional nearest-×2 upsampler. Offers {@code <path>} (after the upsampler).
 */
public final class UNetUpBlock extends Module {
  private final String path;
  private final ModuleList<Transformer2DModel> attentions;
  private final ModuleList<ResnetBlock2D> resnets;
  private final Upsample2D upsampler;

  /** Shape of the block, in the config's terms ({@code layers} = layers_per_block + 1). */
  public record Spec(
      int in,
      int prevOut,
      int out,
      int layers,
      boolean crossAttention,
      int transformerLayers,
      int heads,
      int contextDim,
      boolean addUpsample) {}

  public UNetUpBlock(
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
      int skip = i == spec.layers() - 1 ? spec.in() : spec.out();
      int in = i == 0 ? spec.prevOut() : spec.out();
      resnets.add(
          new ResnetBlock2D(
              path + ".resnets." + i, in + skip, spec.out(), timeEmbedDim, groups, eps, act, 1f));
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
    if (spec.addUpsample()) {
      ModuleList<Upsample2D> up = child("upsamplers", new ModuleList<>());
      this.upsampler = up.add(new Upsample2D(spec.out(), spec.out()));
    } else {
      this.upsampler = null;
    }
  }

  public List<Transformer2DModel> attentions() {
    return attentions == null ? List.of() : attentions.asList();
  }

  /** Number of skip tensors this block consumes. */
  public int skipCount() {
    return resnets.size();
  }

  /**
   * @param skips this block's skip tensors in down-path order; consumed from the last
   * @param upsampleSize (H, W) to upsample to, the next skip's size; unused without upsampler
   */
  public NDArray forward(
      NDArray x,
      List<NDArray> skips,
      NDArray temb,
      NDArray context,
      long[] upsampleSize,
      ActivationCapture capture) {
    if (skips.size() != resnets.size()) {
      throw new IllegalArgumentException(
          path + " needs " + resnets.size() + " skip tensors, got " + skips.size());
    }
    NDArray h = x;
    for (int i = 0; i < resnets.size(); i++) {
      NDArray skip = skips.get(skips.size() - 1 - i);
      h = resnets.get(i).forward(h.concat(skip, 1), temb, capture); // channels: C_h + C_skip
      if (attentions != null) {
        h = attentions.get(i).forward(h, context, capture);
      }
    }
    if (upsampler != null) {
      h = upsampler.forward(h, upsampleSize[0], upsampleSize[1]);
    }
    capture.offer(path, h);
    return h;
  }
}
