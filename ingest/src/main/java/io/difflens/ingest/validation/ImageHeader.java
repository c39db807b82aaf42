package io.difflens.ingest.validation;

import java.util.Objects;

/** What an image file's header says about it, read without decoding pixels. */
public record ImageHeader(ImageFormat format, int width, int height) {
  public ImageHeader {
    Objects.requireNonNull(format, "format");
  }

  /** Pixel count as a long, since a hostile header can claim more than {@code Integer.MAX_VALUE}. */
  public long pixels() {
    return (long) width * height;
  }
}
