package io.difflens.models.pipeline.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * torch's {@code adaptive_avg_pool2d}, which DJL lacks, as two matrix products: output cell i
 * averages input rows {@code [floor(i·H/g), ceil((i+1)·H/g))} (and likewise columns), so
 * {@code out = P_H · x · P_Wᵀ} with row-averaging matrices P (g × H).
 */
public final class AdaptivePooling {
  private AdaptivePooling() {}

  /** Pools (N, C, H, W) to (N, C, g, g). */
  public static NDArray pool(NDArray x, int grid) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("adaptive pooling takes (N, C, H, W), got " + s);
    }
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    if (h == grid && w == grid) {
      return x;
    }
    NDManager m = x.getManager();
    NDArray ph = m.create(matrix(h, grid), new Shape(grid, h)).toType(x.getDataType(), false);
    NDArray pwT = m.create(matrix(w, grid), new Shape(grid, w)).toType(x.getDataType(), false).transpose();
    return ph.matMul(x.matMul(pwT)); // (N, C, H, g) then (N, C, g, g)
  }

  /**
   * Turns an activation into (N, C, H, W): 4-D block outputs as they are, 3-D transformer outputs
   * (N, H·W, C) over a square grid reshaped.
   */
  public static NDArray toSpatial(String name, NDArray a) {
    Shape s = a.getShape();
    if (s.dimension() == 4) {
      return a;
    }
    if (s.dimension() == 3) {
      long tokens = s.get(1);
      long side = Math.round(Math.sqrt(tokens));
      if (side * side == tokens) {
        return a.transpose(0, 2, 1).reshape(s.get(0), s.get(2), side, side); // (N, C, H, W)
      }
    }
    throw new IllegalArgumentException(
        "activation " + name + " of shape " + s + " is neither (N, C, H, W) nor (N, H*W, C)");
  }

  private static float[] matrix(int n, int g) {
    float[] p = new float[g * n];
    for (int i = 0; i < g; i++) {
      int start = (int) Math.floor((double) i * n / g);
      int end = (int) Math.ceil((double) (i + 1) * n / g);
      for (int j = start; j < end; j++) {
        p[i * n + j] = 1f / (end - start);
      }
    }
    return p;
  }
}
