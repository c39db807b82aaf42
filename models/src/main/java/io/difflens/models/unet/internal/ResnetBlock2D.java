package io.difflens.models.unet.internal;

import io.difflens.models.nn.Scalars;
import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.GroupNorm;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * diffusers {@code ResnetBlock2D} ("default" time-embedding mode): norm, act, 3×3 conv, plus the
 * projected time embedding per channel, norm, act, 3×3 conv, added to the input (through a 1×1
 * {@code conv_shortcut} when the channel count changes). Input (B, C_in, H, W), time embedding (B,
 * T) or none (VAE), output (B, C_out, H, W). Offers {@code <path>}.
 */
public final class ResnetBlock2D extends Module {
  private final String path;
  private final ActivationFunction act;
  private final float outputScale;
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final Linear timeEmbProj;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Conv2d convShortcut;

  /**
   * @param timeEmbedDim size of the time embedding, or 0 for a block without one (VAE)
   */
  public ResnetBlock2D(
      String path,
      int in,
      int out,
      int timeEmbedDim,
      int groups,
      float eps,
      ActivationFunction act,
      float outputScale) {
    this.path = path;
    this.act = act;
    this.outputScale = outputScale;
    this.norm1 = child("norm1", new GroupNorm(groups, in, eps));
    this.conv1 = child("conv1", new Conv2d(in, out, 3, 1, 1, true));
    this.timeEmbProj =
        timeEmbedDim > 0 ? child("time_emb_proj", new Linear(timeEmbedDim, out, true)) : null;
    this.norm2 = child("norm2", new GroupNorm(groups, out, eps));
    this.conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1, true));
    this.convShortcut =
        in != out ? child("conv_shortcut", new Conv2d(in, out, 1, 1, 0, true)) : null;
  }

  public NDArray forward(NDArray x, NDArray temb, ActivationCapture capture) {
    NDArray out =
        Scoped.run(
            capture,
            () -> {
              NDArray h = conv1.forward(act.apply(norm1.forward(x))); // (B, C_out, H, W)
              if (timeEmbProj != null) {
                if (temb == null) {
                  throw new IllegalArgumentException(path + " needs a time embedding");
                }
                NDArray t = timeEmbProj.forward(act.apply(temb)); // (B, C_out)
                h = h.add(t.expandDims(-1).expandDims(-1)); // broadcast over (H, W)
              }
              h = conv2.forward(act.apply(norm2.forward(h)));
              NDArray shortcut = convShortcut == null ? x : convShortcut.forward(x);
              NDArray sum = shortcut.add(h);
              return outputScale == 1f ? sum : Scalars.div(sum, outputScale);
            });
    capture.offer(path, out);
    return out;
  }
}
