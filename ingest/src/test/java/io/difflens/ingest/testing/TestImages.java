package io.difflens.ingest.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Real encoded images for tests, drawn and encoded by ImageIO. */
public final class TestImages {
  private TestImages() {}

  public static byte[] png(int width, int height) {
    return encode("png", width, height);
  }

  public static byte[] jpeg(int width, int height) {
    return encode("jpg", width, height);
  }

  public static byte[] gif(int width, int height) {
    return encode("gif", width, height);
  }

  /** The first {@code fraction} of {@code bytes}. */
  public static byte[] truncated(byte[] bytes, double fraction) {
    return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
  }

  /** A PNG whose IHDR claims {@code width x height} (the CRC no longer matches: it is never checked that far). */
  public static byte[] pngClaiming(int width, int height) {
    byte[] b = png(8, 8);
    putInt(b, 16, width);
    putInt(b, 20, height);
    return b;
  }

  /** A JPEG whose SOF0 header claims {@code width x height}. */
  public static byte[] jpegClaiming(int width, int height) {
    byte[] b = jpeg(8, 8);
    for (int i = 2; i + 9 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
        b[i + 5] = (byte) (height >> 8);
        b[i + 6] = (byte) height;
        b[i + 7] = (byte) (width >> 8);
        b[i + 8] = (byte) width;
        return b;
      }
    }
    throw new IllegalStateException("ImageIO wrote a JPEG without SOF0");
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static byte[] encode(String format, int width, int height) {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      // some structure, so the JPEG has real entropy-coded data to truncate
      for (int y = 0; y < height; y += 4) {
        for (int x = 0; x < width; x += 4) {
          g.setColor(new Color((x * 7) % 256, (y * 13) % 256, ((x + y) * 3) % 256));
          g.fillRect(x, y, 4, 4);
        }
      }
    } finally {
      g.dispose();
    }
    var out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
