package io.difflens.ingest.validation;

/** The encoded image formats the pipeline accepts. */
public enum ImageFormat {
  JPEG("image/jpeg"),
  PNG("image/png");

  private final String mediaType;

  ImageFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** IANA media type, as carried in events. */
  public String mediaType() {
    return mediaType;
  }
}
