package io.difflens.bench;

import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionConfig.Level;
import java.util.List;

/**
 * Multiply-add FLOPs (2 per MAC) of one UNet forward pass, counted analytically from the config:
 * every convolution, linear projection and attention product, walked in the same block order as
 * {@code UNet2DConditionModel}. Normalisations, activations, additions and the time embedding are
 * not counted (elementwise, well under 1% here), so the rate is a slight underestimate.
 */
final class UNetFlops {
  private UNetFlops() {}

  /**
   * @param batch B
   * @param size latent side S
   * @param contextTokens M text tokens of width {@code crossAttentionDim}
   */
  static double forward(UNet2DConditionConfig c, int batch, int size, int contextTokens) {
    List<Level> levels = c.levels();
    int n = levels.size();
    double f = conv(batch, size, c.inChannels(), levels.get(0).channels(), 3);
    int res = size;
    int out = levels.get(0).channels();
    for (int i = 0; i < n; i++) {
      Level l = levels.get(i);
      int in = out;
      out = l.channels();
      for (int j = 0; j < l.layersPerBlock(); j++) {
        f += resnet(batch, res, j == 0 ? in : out, out);
        if (l.down().crossAttention()) {
          f += transformer(batch, res, out, l.transformerLayers(), contextTokens, l.crossAttentionDim());
        }
      }
      if (i < n - 1) {
        res /= 2;
        f += conv(batch, res, out, out, 3); // stride-2 conv at the output resolution
      }
    }
    Level last = levels.get(n - 1);
    if (c.midBlock()) {
      f += 2 * resnet(batch, res, last.channels(), last.channels());
      f += transformer(batch, res, last.channels(), last.transformerLayers(), contextTokens, last.crossAttentionDim());
    }
    int prevOut = last.channels();
    for (int i = 0; i < n; i++) {
      Level l = levels.get(n - 1 - i);
      int outCh = l.channels();
      int inCh = levels.get(Math.max(n - 2 - i, 0)).channels();
      int layers = l.layersPerBlock() + 1;
      for (int j = 0; j < layers; j++) {
        int skip = j == layers - 1 ? inCh : outCh;
        int resIn = j == 0 ? prevOut : outCh;
        f += resnet(batch, res, resIn + skip, outCh);
        if (l.up().crossAttention()) {
          f += transformer(batch, res, outCh, l.transformerLayers(), contextTokens, l.crossAttentionDim());
        }
      }
      if (i < n - 1) {
        res *= 2;
        f += conv(batch, res, outCh, outCh, 3);
      }
      prevOut = outCh;
    }
    return f + conv(batch, size, levels.get(0).channels(), c.outChannels(), 3);
  }

  private static double conv(int b, int res, int in, int out, int k) {
    return 2.0 * b * res * res * in * out * k * k;
  }

  private static double resnet(int b, int res, int in, int out) {
    double f = conv(b, res, in, out, 3) + conv(b, res, out, out, 3);
    return in != out ? f + conv(b, res, in, out, 1) : f;
  }

  /** proj_in/out + per layer self-attention, cross-attention and the GEGLU feed-forward (4× width). */
  private static double transformer(int b, int res, int c, int layers, int m, int ctx) {
    double tokens = (double) res * res; // n per image
    double nTok = b * tokens; // N
    double f = 2 * 2 * nTok * c * c;
    double perLayer =
        4 * 2 * nTok * c * c // attn1 q, k, v, out
            + 2 * 2 * b * tokens * tokens * c // attn1 Q Kᵀ and A V
            + 2 * 2 * nTok * c * c // attn2 q, out
            + 2 * 2 * (double) b * m * ctx * c // attn2 k, v from the context
            + 2 * 2 * b * tokens * m * c // attn2 Q Kᵀ and A V
            + 2 * nTok * c * 8 * c // GEGLU proj to 2 × 4c
            + 2 * nTok * 4 * c * c; // back to c
    return f + layers * perLayer;
  }
}
