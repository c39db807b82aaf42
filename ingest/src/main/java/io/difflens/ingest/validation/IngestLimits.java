package io.difflens.ingest.validation;

/**
 * Bounds every input must respect before anything is published.
 *
 * @param maxImageBytes largest accepted encoded image file
 * @param maxImageSide largest accepted width or height, in pixels
 * @param maxImagePixels largest accepted width × height; bounds the memory a full decode allocates
 * @param maxQuestionChars longest accepted question or ITM text, in Unicode code points
 * @param maxCaptionChars longest accepted caption, in code points
 * @param maxNewTokensLimit largest {@code maxNewTokens} option a client may ask for
 * @param maxItmItems largest number of images, and of texts, in one image–text matching request
 */
public record IngestLimits(
    int maxImageBytes,
    int maxImageSide,
    long maxImagePixels,
    int maxQuestionChars,
    int maxCaptionChars,
    int maxNewTokensLimit,
    int maxItmItems) {

  /** Limits suited to SDXL-sized inputs (3 MiB fits the 4 MiB messages of vqa.requests), 8192 px per side, 40 Mpx, 4096-char texts. */
  public static final IngestLimits DEFAULTS =
      new IngestLimits(3 * 1024 * 1024, 8192, 40_000_000L, 4096, 4096, 2048, 32);

  public IngestLimits {
    positive("maxImageBytes", maxImageBytes);
    positive("maxImageSide", maxImageSide);
    positive("maxImagePixels", maxImagePixels);
    positive("maxQuestionChars", maxQuestionChars);
    positive("maxCaptionChars", maxCaptionChars);
    positive("maxNewTokensLimit", maxNewTokensLimit);
    positive("maxItmItems", maxItmItems);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** A copy with another image byte limit. */
  public IngestLimits withMaxImageBytes(int bytes) {
    return new IngestLimits(bytes, maxImageSide, maxImagePixels, maxQuestionChars, maxCaptionChars,
        maxNewTokensLimit, maxItmItems);
  }

  /** A copy with another per-side and pixel-count limit. */
  public IngestLimits withMaxImageSize(int side, long pixels) {
    return new IngestLimits(maxImageBytes, side, pixels, maxQuestionChars, maxCaptionChars,
        maxNewTokensLimit, maxItmItems);
  }

  /** A copy with another question/text length limit. */
  public IngestLimits withMaxQuestionChars(int chars) {
    return new IngestLimits(maxImageBytes, maxImageSide, maxImagePixels, chars, maxCaptionChars,
        maxNewTokensLimit, maxItmItems);
  }
}
