package io.difflens.datasets.formats.internal;

import io.difflens.datasets.ImageFormat;
import io.difflens.datasets.ImageSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image files of the public layouts. Public benchmarks name images {@code N.jpg}; the synthetic exports write
 * lossless PNG with a {@code .png} name (JPEG would smear 32x32 colours), so lookups try the given name, then the
 * base name with every known extension; the content decides the format, not the name.
 */
public final class ImageFiles {

    private static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "JPG", "JPEG", "PNG");

    private ImageFiles() {
    }

    /** The image called {@code name} (with or without extension) in {@code dir}. */
    public static ImageSource find(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (Files.isRegularFile(exact)) {
            return ImageSource.of(exact);
        }
        String base = stripExtension(name);
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(base + "." + ext);
            if (Files.isRegularFile(p)) {
                return ImageSource.of(p);
            }
        }
        throw new IllegalArgumentException("no image '" + name + "' (as .jpg, .jpeg or .png) in " + dir);
    }

    /** Writes an image as {@code base.<ext>} in {@code dir}, the extension from its content; returns the file name. */
    public static String write(Path dir, String base, ImageSource image) {
        byte[] bytes = image.bytes();
        String name = base + "." + ImageFormat.sniff(bytes).extensions().get(0);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + dir.resolve(name), e);
        }
        return name;
    }

    public static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return dot > slash && dot > 0 ? name.substring(0, dot) : name;
    }
}
