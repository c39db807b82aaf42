package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthVqa;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PngTest {

    private static BufferedImage noise(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** 200x200 RGB is 120 200 bytes of scan lines: more than one stored block. */
    @ParameterizedTest
    @EnumSource(Png.Compression.class)
    void imageIoDecodesExactlyThePixelsEncoded(Png.Compression compression) throws IOException {
        for (int[] wh : new int[][] {{1, 1}, {70, 3}, {32, 32}, {200, 200}}) {
            BufferedImage image = noise(wh[0], wh[1], wh[0]);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Png.encode(image, compression)));
            assertThat(decoded.getWidth()).isEqualTo(wh[0]);
            assertThat(decoded.getHeight()).isEqualTo(wh[1]);
            assertThat(pixels(decoded)).isEqualTo(pixels(image));
        }
    }

    @Test
    void storedPngsAreScanLinesPlusAFixedOverhead() {
        byte[] png = Png.encode(noise(32, 32, 1), Png.Compression.STORED);
        // signature 8, IHDR 25, IDAT 12 + zlib 2 + block header 5 + 32 x 97 + adler 4, IEND 12
        assertThat(png).hasSize(8 + 25 + 12 + 2 + 5 + 32 * 97 + 4 + 12);
    }

    /**
     * Same seed, same bytes, on any JVM: the first items of synth-vqa seed 1 (stored PNGs, question and answer
     * texts) hash to the value this project's first build produced. A JDK whose Java2D rasterises differently,
     * or any change to the world's drawing or wording, changes it.
     */
    @Test
    void synthVqaSeedOneHasPinnedBytes() throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (QuestionItem i : new SynthVqa(SuiteOptions.DEFAULT).generate(1, 3).items()) {
            md.update(i.image().bytes());
            md.update(i.question().getBytes(StandardCharsets.UTF_8));
            md.update(i.answer().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(HexFormat.of().formatHex(md.digest()))
                .isEqualTo("2d5209dc0899e34bb2a951452fc2641f35b2734229ac1a77aaf7c103b99d98ea");
    }
}
