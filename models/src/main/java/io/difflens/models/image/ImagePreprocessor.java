package io.difflens.models.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Turns encoded images into {@link ImageTensor}s, outside the networks: decode PNG or JPEG, take
 * RGB (alpha composited on white, grey and palette images expanded), pad to a square, resize to the
 * bundle's size, scale to [-1, 1].
 *
 * <p>Choices, and why:
 *
 * <ul>
 *   <li><b>Pad, not crop</b>: questions may be about anything in the picture, so nothing is cut
 *       off; the padding is mid-grey (0 after scaling), as LLaVA-1.5 pads with the mean colour.
 *   <li><b>Area averaging when shrinking</b>: every output pixel is the mean of the input area it
 *       covers, so fine detail does not alias into the features (PIL's BOX filter does the same).
 *   <li><b>Bicubic (Keys, a = -0.5) when enlarging</b>: the interpolation PIL and torch use; area
 *       averaging would only replicate pixels.
 * </ul>
 *
 * Both resamplers are written out here rather than taken from {@code java.awt}, whose scaling
 * results depend on the rendering pipeline; these are exact, separable and reproducible.
 */
public final class ImagePreprocessor {
  private final int size;

  /** Resizes to {@code size × size}. */
  public ImagePreprocessor(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + size);
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** Decodes PNG or JPEG bytes and preprocesses them. */
  public ImageTensor preprocess(byte[] encoded) {
    return preprocess(decode(encoded));
  }

  /** Decodes PNG or JPEG bytes. */
  public static BufferedImage decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      throw new IllegalArgumentException("empty image");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      throw new IllegalArgumentException("undecodable image of " + encoded.length + " bytes: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("undecodable image of " + encoded.length + " bytes: " + e, e);
    }
    if (image == null) {
      throw new IllegalArgumentException(
          "not a PNG or JPEG image (" + encoded.length + " bytes)");
    }
    return image;
  }

  /** Pads to a square, resizes and scales a decoded image. */
  public ImageTensor preprocess(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int side = Math.max(w, h);
    int x0 = (side - w) / 2;
    int y0 = (side - h) / 2;
    // planes in [0, 1], padded with mid-grey
    float[][] planes = new float[3][side * side];
    for (float[] p : planes) {
      java.util.Arrays.fill(p, 0.5f);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        float alpha = ((argb >>> 24) & 0xFF) / 255f;
        int i = (y + y0) * side + x + x0;
        for (int c = 0; c < 3; c++) {
          float v = ((argb >>> (16 - 8 * c)) & 0xFF) / 255f;
          planes[c][i] = v * alpha + (1 - alpha); // composite on white
        }
      }
    }
    float[] out = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      float[] resized = resize(planes[c], side, size);
      for (int i = 0; i < resized.length; i++) {
        out[c * size * size + i] = resized[i] * 2f - 1f;
      }
    }
    return new ImageTensor(size, out);
  }

  /** Resizes a square plane {@code from × from} to {@code to × to}, rows then columns. */
  static float[] resize(float[] plane, int from, int to) {
    if (from == to) {
      return plane.clone();
    }
    float[][] weights = from > to ? areaWeights(from, to) : bicubicWeights(from, to);
    int[] starts = new int[to];
    for (int o = 0; o < to; o++) {
      starts[o] = (int) weights[o][0];
    }
    // horizontal pass: (from rows) x (to cols)
    float[] tmp = new float[from * to];
    for (int y = 0; y < from; y++) {
      for (int o = 0; o < to; o++) {
        float[] wt = weights[o];
        int s = starts[o];
        double acc = 0;
        for (int k = 1; k < wt.length; k++) {
          acc += wt[k] * plane[y * from + clamp(s + k - 1, from)];
        }
        tmp[y * to + o] = (float) acc;
      }
    }
    float[] out = new float[to * to];
    for (int o = 0; o < to; o++) {
      float[] wt = weights[o];
      int s = starts[o];
      for (int x = 0; x < to; x++) {
        double acc = 0;
        for (int k = 1; k < wt.length; k++) {
          acc += wt[k] * tmp[clamp(s + k - 1, from) * to + x];
        }
        out[o * to + x] = (float) acc;
      }
    }
    return out;
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  /**
   * For each output index: {start, w_0, w_1, ...}, the weights of input indices start, start+1, ...
   * proportional to how much of each input pixel the output pixel covers.
   */
  static float[][] areaWeights(int from, int to) {
    double scale = (double) from / to;
    float[][] out = new float[to][];
    for (int o = 0; o < to; o++) {
      double lo = o * scale;
      double hi = (o + 1) * scale;
      int first = (int) Math.floor(lo);
      int last = (int) Math.ceil(hi) - 1;
      float[] w = new float[last - first + 2];
      w[0] = first;
      for (int i = first; i <= last; i++) {
        double cover = Math.min(hi, i + 1) - Math.max(lo, i);
        w[i - first + 1] = (float) (cover / scale);
      }
      out[o] = w;
    }
    return out;
  }

  /** Keys' cubic convolution weights (a = -0.5) at pixel-centre-aligned sample positions. */
  static float[][] bicubicWeights(int from, int to) {
    double scale = (double) from / to;
    float[][] out = new float[to][];
    for (int o = 0; o < to; o++) {
      double center = (o + 0.5) * scale - 0.5;
      int first = (int) Math.floor(center) - 1;
      float[] w = new float[5];
      w[0] = first;
      double sum = 0;
      for (int k = 0; k < 4; k++) {
        double v = cubic(center - (first + k));
        w[k + 1] = (float) v;
        sum += v;
      }
      for (int k = 1; k < 5; k++) {
        w[k] /= (float) sum;
      }
      out[o] = w;
    }
    return out;
  }

  private static double cubic(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x <= 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    }
    return 0;
  }

  /** Encodes an {@link ImageTensor} back to an 8-bit RGB image (for tests and debugging). */
  public static BufferedImage toImage(ImageTensor t) {
    int s = t.size();
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          int v = Math.round((t.at(c, y, x) + 1f) * 127.5f);
          rgb = (rgb << 8) | Math.max(0, Math.min(255, v));
        }
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  /** PNG bytes of an image (for tests and fixtures). */
  public static byte[] png(BufferedImage image) {
    try {
      var out = new java.io.ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
