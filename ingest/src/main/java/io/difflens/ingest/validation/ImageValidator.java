package io.difflens.ingest.validation;

import io.difflens.ingest.validation.internal.ImageHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks an encoded image: size in bytes, then the header's format and dimensions (without decoding),
 * then a full decode with ImageIO, so that nothing undecodable reaches the feature extractor.
 */
public final class ImageValidator {
  private final IngestLimits limits;

  public ImageValidator(IngestLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Validates {@code bytes}, a whole JPEG or PNG file. */
  public Validation<ValidatedImage> validate(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return Validation.invalid(new Rejection(RejectionCode.IMAGE_MISSING, "no image bytes were given"));
    }
    if (bytes.length > limits.maxImageBytes()) {
      return Validation.invalid(Rejection.of(RejectionCode.IMAGE_TOO_LARGE,
          "image is %d bytes, the limit is %d", bytes.length, limits.maxImageBytes()));
    }
    Validation<ImageHeader> header = ImageHeaders.read(bytes);
    if (!(header instanceof Validation.Valid<ImageHeader> valid)) {
      return Validation.invalid(header.rejections());
    }
    ImageHeader h = valid.value();
    if (h.width() > limits.maxImageSide() || h.height() > limits.maxImageSide()
        || h.pixels() > limits.maxImagePixels()) {
      return Validation.invalid(Rejection.of(RejectionCode.IMAGE_DIMENSIONS_TOO_LARGE,
          "%s header declares %dx%d pixels; limits are %d per side and %d pixels",
          h.format(), h.width(), h.height(), limits.maxImageSide(), limits.maxImagePixels()));
    }
    return decode(h, bytes);
  }

  private static Validation<ValidatedImage> decode(ImageHeader h, byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return corrupt(h, "no ImageIO reader recognises the data");
      }
      ImageReader reader = readers.next();
      // The JPEG decoder reports a truncated file ("Premature end of JPEG file") as a warning and fills
      // the rest with grey; a warning therefore counts as a failed decode.
      List<String> warnings = new ArrayList<>();
      IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
      reader.addIIOReadWarningListener(listener);
      try {
        reader.setInput(in, true, true);
        var image = reader.read(0);
        if (image.getWidth() != h.width() || image.getHeight() != h.height()) {
          return corrupt(h, "decoded size " + image.getWidth() + "x" + image.getHeight()
              + " differs from the header's");
        }
      } finally {
        reader.dispose();
      }
      if (!warnings.isEmpty()) {
        return corrupt(h, String.join("; ", warnings));
      }
      return Validation.valid(new ValidatedImage(h.format(), h.width(), h.height(), bytes));
    } catch (IOException | RuntimeException e) {
      // ImageIO signals broken data with IIOException but also with IndexOutOfBounds and friends.
      return corrupt(h, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private static Validation<ValidatedImage> corrupt(ImageHeader h, String detail) {
    return Validation.invalid(Rejection.of(RejectionCode.IMAGE_CORRUPT,
        "%s image does not decode: %s", h.format(), detail));
  }
}
