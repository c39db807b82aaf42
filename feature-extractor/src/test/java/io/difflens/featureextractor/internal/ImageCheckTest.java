package io.difflens.featureextractor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import io.difflens.featureextractor.RequestLimits;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 77);
            }
        }
        return img;
    }

    @Test
    void decodesPngAndJpeg() throws IOException {
        assertThat(ImageCheck.decode(encode(gradient(20, 10), "png"), RequestLimits.DEFAULTS).getWidth()).isEqualTo(20);
        assertThat(ImageCheck.decode(encode(gradient(20, 10), "jpeg"), RequestLimits.DEFAULTS).getHeight())
                .isEqualTo(10);
    }

    @Test
    void rejectsATruncatedJpegThatImageIoWouldDecodeWithAWarning() throws IOException {
        // large enough that the cut falls in the entropy-coded data, after every header
        byte[] full = encode(gradient(256, 256), "jpeg");
        byte[] truncated = Arrays.copyOf(full, full.length * 3 / 4);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(truncated))).as("ImageIO alone accepts it").isNotNull();
        assertThatThrownBy(() -> ImageCheck.decode(truncated, RequestLimits.DEFAULTS))
                .isInstanceOf(RejectedException.class).hasMessageContaining("undecodable jpeg image");
    }

    @Test
    void rejectsOversizedImagesBeforeDecodingThem() throws IOException {
        byte[] wide = encode(new BufferedImage(300, 2, BufferedImage.TYPE_INT_RGB), "png");
        RequestLimits limits = new RequestLimits(1 << 20, 256, 16);
        assertThatThrownBy(() -> ImageCheck.decode(wide, limits))
                .hasMessage("image of 300x2 pixels exceeds the limit of 256 pixels per side");
        assertThatThrownBy(() -> ImageCheck.decode(wide, new RequestLimits(10, 4096, 16)))
                .hasMessageContaining("bytes exceeds the limit of 10 bytes");
    }

    @Test
    void rejectsGarbageAndOtherFormats() throws IOException {
        assertThatThrownBy(() -> ImageCheck.decode("hello".getBytes(), RequestLimits.DEFAULTS))
                .hasMessageContaining("not a PNG or JPEG");
        assertThatThrownBy(() -> ImageCheck.decode(new byte[0], RequestLimits.DEFAULTS)).hasMessage("empty image");
        byte[] bmp = encode(gradient(4, 4), "bmp");
        assertThatThrownBy(() -> ImageCheck.decode(bmp, RequestLimits.DEFAULTS))
                .hasMessageContaining("unsupported image format bmp");
    }
}
