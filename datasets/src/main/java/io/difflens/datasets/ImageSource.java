package io.difflens.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * An encoded image (PNG or JPEG): held in memory for synthetic data, or a file read on demand for real
 * benchmarks (so that reading a 5 000-image split does not load every image).
 */
public sealed interface ImageSource {

    /** The encoded bytes. */
    byte[] bytes();

    /** The format, from the bytes' signature. */
    default ImageFormat format() {
        return ImageFormat.sniff(bytes());
    }

    /** Decodes the image. */
    default BufferedImage decode() {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes()));
            if (image == null) {
                throw new IllegalStateException("no decoder for " + this);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + this, e);
        }
    }

    static ImageSource of(byte[] bytes) {
        return new Inline(bytes);
    }

    static ImageSource of(Path file) {
        return new InFile(file);
    }

    /** Bytes in memory; equal when the bytes are. */
    record Inline(byte[] encoded) implements ImageSource {
        public Inline {
            encoded = encoded.clone();
            ImageFormat.sniff(encoded);
        }

        @Override
        public byte[] bytes() {
            return encoded.clone();
        }

        /** A copy: the record stays immutable. */
        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inline other && Arrays.equals(encoded, other.encoded);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "Inline[" + encoded.length + " bytes]";
        }
    }

    /** A file, read on every {@link #bytes()} call. */
    record InFile(Path path) implements ImageSource {
        public InFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public byte[] bytes() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image " + path, e);
            }
        }
    }
}
