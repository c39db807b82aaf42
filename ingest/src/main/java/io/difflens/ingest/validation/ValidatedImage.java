package io.difflens.ingest.validation;

import java.util.Objects;

/**
 * An image that passed validation: its bytes decode fully and its dimensions are within limits. The bytes
 * are the original file, untouched, so what is published is exactly what the client sent.
 */
public record ValidatedImage(ImageFormat format, int width, int height, byte[] bytes) {
  public ValidatedImage {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** IANA media type of {@link #bytes()}. */
  public String mediaType() {
    return format.mediaType();
  }

  @Override
  public String toString() {
    return "ValidatedImage[" + format + " " + width + "x" + height + ", " + bytes.length + " bytes]";
  }
}
