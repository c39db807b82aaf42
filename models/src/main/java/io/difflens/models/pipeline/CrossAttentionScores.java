package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.bundle.MatcherLayers;
import io.difflens.models.nn.ActivationCapture;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.models.unet.UNetOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attention score of image-text matching (PAPER.md): per cross-attention layer the logits
 * {@code Q Kᵀ · d^-0.5} (B·heads, pixels, M), LogSumExp over all M text positions (padding
 * included, no mask), the mean over heads and pixels; then the mean over layers. B rows.
 */
public final class CrossAttentionScores {
  private CrossAttentionScores() {}

  /** The result of one UNet pass: per-row attention scores and the noise prediction. */
  public record Pass(float[] scores, NDArray noisePrediction) {}

  /** The {@code attn2} paths {@code which} selects, in forward order. */
  public static List<String> layers(UNet2DConditionModel unet, MatcherLayers which) {
    List<String> all = unet.crossAttentionLayers();
    if (which == MatcherLayers.ALL) {
      return all;
    }
    String lastDown = lastStage(all, "down_blocks.");
    String lastUp = lastStage(all, "up_blocks.");
    List<String> out = new ArrayList<>();
    for (String path : all) {
      if (path.startsWith("mid_block.")
          || (lastDown != null && path.startsWith(lastDown))
          || (lastUp != null && path.startsWith(lastUp))) {
        out.add(path);
      }
    }
    return out;
  }

  /** "down_blocks.2." for the highest-numbered stage of {@code prefix} holding an attn2. */
  private static String lastStage(List<String> paths, String prefix) {
    int best = -1;
    for (String p : paths) {
      if (p.startsWith(prefix)) {
        String rest = p.substring(prefix.length());
        best = Math.max(best, Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
      }
    }
    return best < 0 ? null : prefix + best + ".";
  }

  /**
   * One UNet pass keeping the logits of {@code layers}; scores per row.
   *
   * @param sample noisy latents (B, C, h, w)
   * @param timesteps (B) or one for all
   */
  public static Pass run(
      UNet2DConditionModel unet,
      NDArray sample,
      NDArray timesteps,
      NDArray context,
      AddedConditions added,
      List<String> layers) {
    List<String> names = layers.stream().map(l -> l + ".logits").toList();
    UNetOutput out = unet.forward(sample, timesteps, context, added, ActivationCapture.of(names));
    return new Pass(score(out.features(), names, (int) sample.getShape().get(0)), out.sample());
  }

  /** Scores from captured logits (B·heads, pixels, M) by name; the mean over the named layers. */
  public static float[] score(Map<String, NDArray> logits, List<String> names, int batch) {
    double[] sum = new double[batch];
    for (String name : names) {
      NDArray l = logits.get(name);
      if (l == null) {
        throw new IllegalArgumentException("no logits captured for " + name);
      }
      NDArray x = l.toType(DataType.FLOAT32, false);
      NDArray max = x.max(new int[] {-1}, true); // (B·heads, pixels, 1)
      NDArray lse = x.sub(max).exp().sum(new int[] {-1}).log().add(max.squeeze(-1)); // (B·heads, pixels)
      float[] perRow = lse.reshape(batch, -1).mean(new int[] {1}).toFloatArray(); // (B)
      for (int b = 0; b < batch; b++) {
        sum[b] += perRow[b];
      }
    }
    float[] out = new float[batch];
    for (int b = 0; b < batch; b++) {
      out[b] = (float) (sum[b] / names.size());
    }
    return out;
  }
}
