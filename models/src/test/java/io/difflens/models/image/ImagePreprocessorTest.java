package io.difflens.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

  private static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  @Test
  void pngDecodesToChannelsFirstValuesInMinusOneToOne() {
    byte[] png = ImagePreprocessor.png(solid(8, 8, 0xFF0000));
    ImageTensor t = new ImagePreprocessor(8).preprocess(png);
    assertThat(t.at(0, 3, 3)).isEqualTo(1f);
    assertThat(t.at(1, 3, 3)).isEqualTo(-1f);
    assertThat(t.at(2, 3, 3)).isEqualTo(-1f);
  }

  @Test
  void jpegDecodesToo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(solid(16, 16, 0x00FF00), "jpg", out);
    ImageTensor t = new ImagePreprocessor(4).preprocess(out.toByteArray());
    assertThat(t.at(1, 2, 2)).isCloseTo(1f, within(0.02f));
    assertThat(t.at(0, 2, 2)).isCloseTo(-1f, within(0.02f));
  }

  @Test
  void nonSquareImagesArePaddedWithMidGreyNotCropped() {
    // 8 wide, 4 high, white: rows 0-1 and 6-7 of the 8x8 square are padding
    ImageTensor t = new ImagePreprocessor(8).preprocess(solid(8, 4, 0xFFFFFF));
    assertThat(t.at(0, 0, 4)).isEqualTo(0f);
    assertThat(t.at(0, 7, 4)).isEqualTo(0f);
    assertThat(t.at(0, 3, 4)).isEqualTo(1f);
  }

  @Test
  void shrinkingAveragesAreasExactly() {
    // a 4x4 checkerboard of black and white pixels shrinks to uniform grey at 2x2
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        img.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0);
      }
    }
    ImageTensor t = new ImagePreprocessor(2).preprocess(img);
    for (float v : t.chw()) {
      assertThat(v).isCloseTo(0f, within(1e-6f));
    }
    // non-integer ratio: 3 -> 2 still preserves the mean
    float[] plane = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    float[] r = ImagePreprocessor.resize(plane, 3, 2);
    double mean = 0;
    for (float v : r) {
      mean += v / 4;
    }
    assertThat(mean).isCloseTo(4.0, within(1e-5));
  }

  @Test
  void enlargingIsBicubicAndKeepsConstantsConstant() {
    float[] constant = new float[16];
    java.util.Arrays.fill(constant, 0.25f);
    for (float v : ImagePreprocessor.resize(constant, 4, 7)) {
      assertThat(v).isCloseTo(0.25f, within(1e-6f));
    }
    // a linear ramp stays a ramp in the interior (cubic convolution reproduces linear functions)
    float[] ramp = new float[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        ramp[y * 8 + x] = x;
      }
    }
    float[] up = ImagePreprocessor.resize(ramp, 8, 16);
    assertThat(up[8 * 16 + 8] - up[8 * 16 + 7]).isCloseTo(0.5f, within(1e-5f));
  }

  @Test
  void garbageIsRejectedWithAReason() {
    assertThatThrownBy(() -> new ImagePreprocessor(8).preprocess(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PNG or JPEG");
    assertThatThrownBy(() -> new ImagePreprocessor(8).preprocess(new byte[0]))
        .hasMessageContaining("empty");
  }
}
