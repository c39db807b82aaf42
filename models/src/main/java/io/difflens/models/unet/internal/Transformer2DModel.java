package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.GroupNorm;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ModuleList;
import java.util.List;

/**
 * diffusers {@code Transformer2DModel} on a continuous (B, C, H, W) map: group norm, projection in,
 * a stack of {@link BasicTransformerBlock}s over the H·W pixel tokens, projection out, and a
 * residual. The projections are Linear layers ({@code use_linear_projection}, SD 2.x and SDXL,
 * applied to tokens) or 1×1 convolutions (SD 1.x, applied to the map). Offers {@code <path>}.
 */
public final class Transformer2DModel extends Module {
  private final String path;
  private final GroupNorm norm;
  private final Module projIn;
  private final ModuleList<BasicTransformerBlock> blocks;
  private final Module projOut;
  private final boolean linearProjection;

  public Transformer2DModel(
      String path,
      int channels,
      int heads,
      int layers,
      int contextDim,
      int normGroups,
      TransformerStyle style) {
    if (channels % heads != 0) {
      throw new IllegalArgumentException(
          path + ": channels " + channels + " not divisible by heads " + heads);
    }
    this.path = path;
    this.linearProjection = style.linearProjection();
    boolean upcast = style.upcastAttention();
    int headDim = channels / heads;
    this.norm = child("norm", new GroupNorm(normGroups, channels, 1e-6f));
    this.projIn =
        child(
            "proj_in",
            style.linearProjection()
                ? new Linear(channels, channels, true)
                : new Conv2d(channels, channels, 1, 1, 0, true));
    this.blocks = child("transformer_blocks", new ModuleList<>());
    for (int i = 0; i < layers; i++) {
      blocks.add(
          new BasicTransformerBlock(
              path + ".transformer_blocks." + i, channels, heads, headDim, contextDim, upcast));
    }
    this.projOut =
        child(
            "proj_out",
            style.linearProjection()
                ? new Linear(channels, channels, true)
                : new Conv2d(channels, channels, 1, 1, 0, true));
  }

  public List<BasicTransformerBlock> transformerBlocks() {
    return blocks.asList();
  }

  public NDArray forward(NDArray x, NDArray context, ActivationCapture capture) {
    NDArray out =
        Scoped.run(
            capture,
            () -> {
              long b = x.getShape().get(0);
              long c = x.getShape().get(1);
              long h = x.getShape().get(2);
              long w = x.getShape().get(3);
              NDArray normed = norm.forward(x);
              NDArray tokens;
              if (linearProjection) {
                tokens = ((Linear) projIn).forward(toTokens(normed, b, c, h, w)); // (B, HW, C)
              } else {
                tokens = toTokens(((Conv2d) projIn).forward(normed), b, c, h, w); // (B, HW, C)
              }
              for (BasicTransformerBlock block : blocks) {
                tokens = block.forward(tokens, context, capture);
              }
              NDArray map;
              if (linearProjection) {
                map = toMap(((Linear) projOut).forward(tokens), b, c, h, w);
              } else {
                map = ((Conv2d) projOut).forward(toMap(tokens, b, c, h, w));
              }
              return map.add(x);
            });
    capture.offer(path, out);
    return out;
  }

  /** (B, C, H, W) -> (B, H·W, C), pixel index y·W + x. */
  private static NDArray toTokens(NDArray map, long b, long c, long h, long w) {
    return map.transpose(0, 2, 3, 1).reshape(b, h * w, c);
  }

  /** (B, H·W, C) -> (B, C, H, W). */
  private static NDArray toMap(NDArray tokens, long b, long c, long h, long w) {
    return tokens.reshape(b, h, w, c).transpose(0, 3, 1, 2);
  }
}
