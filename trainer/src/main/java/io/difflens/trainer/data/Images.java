package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;

/** Rendered images as network input: (B, 3, S, S) float32 in [-1, 1], as SD pipelines scale pixels. */
public final class Images {
  private Images() {}

  /** One image's channels-first pixels in [-1, 1]. */
  public static float[] chw(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[3 * w * h];
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int i = y * w + x;
        out[i] = ((rgb >> 16) & 0xFF) / 127.5f - 1f;
        out[plane + i] = ((rgb >> 8) & 0xFF) / 127.5f - 1f;
        out[2 * plane + i] = (rgb & 0xFF) / 127.5f - 1f;
      }
    }
    return out;
  }

  /** A batch of same-size images. */
  public static NDArray batch(NDManager manager, List<BufferedImage> images) {
    int s = images.get(0).getWidth();
    float[] all = new float[images.size() * 3 * s * s];
    for (int i = 0; i < images.size(); i++) {
      BufferedImage img = images.get(i);
      if (img.getWidth() != s || img.getHeight() != s) {
        throw new IllegalArgumentException(
            "image " + i + " is " + img.getWidth() + "x" + img.getHeight() + ", batch is " + s + "x" + s);
      }
      System.arraycopy(chw(img), 0, all, i * 3 * s * s, 3 * s * s);
    }
    return manager.create(all, new Shape(images.size(), 3, s, s));
  }
}
