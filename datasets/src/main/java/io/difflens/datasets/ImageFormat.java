package io.difflens.datasets;

import java.util.HexFormat;
import java.util.List;

/** Encoded image formats the readers accept. Recognised by content (magic bytes), never by file name. */
public enum ImageFormat {
    PNG("image/png", List.of("png")),
    JPEG("image/jpeg", List.of("jpg", "jpeg"));

    private final String mediaType;
    private final List<String> extensions;

    ImageFormat(String mediaType, List<String> extensions) {
        this.mediaType = mediaType;
        this.extensions = extensions;
    }

    public String mediaType() {
        return mediaType;
    }

    /** File extensions without dot, the preferred one first. */
    public List<String> extensions() {
        return extensions;
    }

    /** The format of encoded bytes, from their signature. */
    public static ImageFormat sniff(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        throw new IllegalArgumentException("not a PNG or JPEG image (first bytes "
                + HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length)) + ")");
    }
}
