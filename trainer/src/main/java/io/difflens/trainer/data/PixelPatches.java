package io.difflens.trainer.data;

/**
 * The raw-pixel baseline's visual tokens: a channels-first image (3, S, S) cut into side × side
 * patches of p = S / side pixels, each patch flattened (channel, row, column) into one token of 3·p²
 * values, tokens in row-major grid order, as the UNet features' g × g tokens are. Pure Java, so the
 * recipes and the evaluation compute identical tokens from identical pixels.
 */
public final class PixelPatches {
  private PixelPatches() {}

  /** Channels of one token. */
  public static int channels(int size, int side) {
    int p = patch(size, side);
    return 3 * p * p;
  }

  /** The tokens (side², 3·p²) of one image, flattened row by row. */
  public static float[] tokens(float[] chw, int size, int side) {
    if (chw.length != 3 * size * size) {
      throw new IllegalArgumentException(
          "expected 3 x " + size + " x " + size + " pixels, got " + chw.length + " values");
    }
    int p = patch(size, side);
    int ch = 3 * p * p;
    float[] out = new float[side * side * ch];
    for (int gy = 0; gy < side; gy++) {
      for (int gx = 0; gx < side; gx++) {
        int base = (gy * side + gx) * ch;
        int k = 0;
        for (int c = 0; c < 3; c++) {
          for (int dy = 0; dy < p; dy++) {
            int row = (c * size + gy * p + dy) * size + gx * p;
            for (int dx = 0; dx < p; dx++) {
              out[base + k++] = chw[row + dx];
            }
          }
        }
      }
    }
    return out;
  }

  private static int patch(int size, int side) {
    if (side < 1 || size % side != 0) {
      throw new IllegalArgumentException("a " + size + "-pixel image does not split into " + side + " patches a side");
    }
    return size / side;
  }
}
