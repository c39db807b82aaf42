package io.difflens.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.ingest.testing.TestImages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageValidatorTest {
  private final ImageValidator validator = new ImageValidator(IngestLimits.DEFAULTS);

  @Test
  void acceptsPngWithItsDimensions() {
    ValidatedImage image = validator.validate(TestImages.png(64, 48)).orElseThrow();
    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(image.mediaType()).isEqualTo("image/png");
    assertThat(image.width()).isEqualTo(64);
    assertThat(image.height()).isEqualTo(48);
  }

  @Test
  void acceptsJpegWithItsDimensions() {
    ValidatedImage image = validator.validate(TestImages.jpeg(40, 30)).orElseThrow();
    assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(30);
  }

  @Test
  void rejectsTruncatedJpeg() {
    assertSingle(validator.validate(TestImages.truncated(TestImages.jpeg(128, 128), 0.6)), RejectionCode.IMAGE_CORRUPT);
  }

  @Test
  void rejectsJpegCutInsideItsHeaders() {
    assertSingle(validator.validate(TestImages.truncated(TestImages.jpeg(128, 128), 0.05)), RejectionCode.IMAGE_CORRUPT);
  }

  @Test
  void rejectsTruncatedPng() {
    assertSingle(validator.validate(TestImages.truncated(TestImages.png(128, 128), 0.5)), RejectionCode.IMAGE_CORRUPT);
  }

  @Test
  void rejectsHugePngHeaderBeforeDecoding() {
    // The pixel data behind this header is an 8x8 image: had it been decoded, the result would be
    // IMAGE_CORRUPT (size mismatch / CRC), not a dimension rejection naming the claimed size.
    Validation<ValidatedImage> result = validator.validate(TestImages.pngClaiming(20000, 20000));
    assertSingle(result, RejectionCode.IMAGE_DIMENSIONS_TOO_LARGE);
    assertThat(result.rejections().get(0).message()).contains("20000x20000");
  }

  @Test
  void rejectsHugeJpegHeaderBeforeDecoding() {
    Validation<ValidatedImage> result = validator.validate(TestImages.jpegClaiming(60000, 60000));
    assertSingle(result, RejectionCode.IMAGE_DIMENSIONS_TOO_LARGE);
    assertThat(result.rejections().get(0).message()).contains("60000x60000");
  }

  @Test
  void rejectsTooManyPixelsEvenWithinTheSideLimit() {
    var limits = IngestLimits.DEFAULTS.withMaxImageSize(100, 100 * 50);
    assertSingle(new ImageValidator(limits).validate(TestImages.png(100, 60)), RejectionCode.IMAGE_DIMENSIONS_TOO_LARGE);
    assertThat(new ImageValidator(limits).validate(TestImages.png(100, 50)).isValid()).isTrue();
  }

  @Test
  void rejectsZeroWidthHeader() {
    assertSingle(validator.validate(TestImages.pngClaiming(0, 10)), RejectionCode.IMAGE_DIMENSIONS_INVALID);
  }

  @Test
  void rejectsGarbage() {
    assertSingle(validator.validate("definitely not an image".getBytes(StandardCharsets.UTF_8)),
        RejectionCode.IMAGE_UNSUPPORTED_FORMAT);
  }

  @Test
  void rejectsOtherFormats() {
    assertSingle(validator.validate(TestImages.gif(8, 8)), RejectionCode.IMAGE_UNSUPPORTED_FORMAT);
  }

  @Test
  void rejectsMissingImage() {
    assertSingle(validator.validate(new byte[0]), RejectionCode.IMAGE_MISSING);
    assertSingle(validator.validate(null), RejectionCode.IMAGE_MISSING);
  }

  @Test
  void rejectsTooManyBytesWithoutLookingFurther() {
    byte[] png = TestImages.png(64, 64);
    var small = new ImageValidator(IngestLimits.DEFAULTS.withMaxImageBytes(png.length - 1));
    Validation<ValidatedImage> result = small.validate(png);
    assertSingle(result, RejectionCode.IMAGE_TOO_LARGE);
    assertThat(result.rejections().get(0).message()).contains(Integer.toString(png.length));
    assertThat(new ImageValidator(IngestLimits.DEFAULTS.withMaxImageBytes(png.length)).validate(png).isValid()).isTrue();
  }

  static void assertSingle(Validation<?> result, RejectionCode code) {
    assertThat(result.isValid()).as("valid: %s", result).isFalse();
    assertThat(result.rejections()).extracting(Rejection::code).containsExactly(code);
  }
}
