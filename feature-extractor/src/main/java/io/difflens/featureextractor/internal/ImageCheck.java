package io.difflens.featureextractor.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.difflens.featureextractor.RequestLimits;

/**
 * Decodes an inline image strictly. ingest validates images too, but the feature extractor may not depend
 * on ingest (DESIGN.md section 2), and requests can reach {@code vqa.requests} without going through ingest:
 * this is the extractor's own, smaller check. Sizes are read from the header before any pixel is decoded,
 * and a decoder warning (a truncated JPEG decodes "successfully" with grey rows and a warning) is a
 * rejection, not an image.
 */
public final class ImageCheck {

    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    private ImageCheck() {
    }

    /**
     * The decoded image.
     *
     * @throws RejectedException naming what is wrong with the bytes
     */
    public static BufferedImage decode(byte[] data, RequestLimits limits) {
        if (data.length == 0) {
            throw new RejectedException("empty image");
        }
        if (data.length > limits.maxImageBytes()) {
            throw new RejectedException("image of " + data.length + " bytes exceeds the limit of "
                    + limits.maxImageBytes() + " bytes");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedException("undecodable image: not a PNG or JPEG file (" + data.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new RejectedException("unsupported image format " + format + "; send PNG or JPEG");
                }
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > limits.maxImageSide() || h > limits.maxImageSide()) {
                    throw new RejectedException("image of " + w + "x" + h + " pixels exceeds the limit of "
                            + limits.maxImageSide() + " pixels per side");
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new RejectedException("undecodable " + format + " image: " + String.join("; ", warnings));
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedException r) {
                throw r;
            }
            throw new RejectedException("undecodable image (" + data.length + " bytes): " + e.getMessage());
        }
    }
}
