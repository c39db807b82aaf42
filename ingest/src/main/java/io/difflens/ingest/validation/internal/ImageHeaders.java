package io.difflens.ingest.validation.internal;

import io.difflens.ingest.validation.ImageFormat;
import io.difflens.ingest.validation.ImageHeader;
import io.difflens.ingest.validation.Rejection;
import io.difflens.ingest.validation.RejectionCode;
import io.difflens.ingest.validation.Validation;

/**
 * Reads format and dimensions from the first bytes of a PNG (IHDR) or JPEG (SOFn) file.
 *
 * <p>ImageIO can report dimensions too, but only after choosing a reader and parsing metadata with its
 * own allocation behaviour; reading the dozen header bytes ourselves lets a hostile header (a PNG claiming
 * 20000×20000) be refused before any decoder sees it.
 */
public final class ImageHeaders {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private ImageHeaders() {}

  /** The header of {@code bytes}, or why it is not a readable JPEG or PNG. */
  public static Validation<ImageHeader> read(byte[] bytes) {
    if (startsWith(bytes, PNG_SIGNATURE)) {
      return readPng(bytes);
    }
    if (bytes.length >= 3 && u8(bytes, 0) == 0xFF && u8(bytes, 1) == 0xD8 && u8(bytes, 2) == 0xFF) {
      return readJpeg(bytes);
    }
    return Validation.invalid(Rejection.of(RejectionCode.IMAGE_UNSUPPORTED_FORMAT,
        "image is neither JPEG nor PNG (first bytes: %s)", hex(bytes, 8)));
  }

  private static Validation<ImageHeader> readPng(byte[] b) {
    // signature(8) + chunk length(4) + "IHDR"(4) + width(4) + height(4)
    if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
      return corrupt("PNG has no IHDR chunk where the specification puts it");
    }
    long width = u32(b, 16);
    long height = u32(b, 20);
    return dims(ImageFormat.PNG, width, height);
  }

  private static Validation<ImageHeader> readJpeg(byte[] b) {
    int i = 2;
    while (i < b.length) {
      if (u8(b, i) != 0xFF) {
        return corrupt("JPEG marker expected at byte " + i + ", found 0x" + Integer.toHexString(u8(b, i)));
      }
      while (i < b.length && u8(b, i) == 0xFF) {
        i++; // fill bytes before a marker
      }
      if (i >= b.length) {
        break;
      }
      int marker = u8(b, i++);
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone markers carry no length
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return corrupt("JPEG reaches " + (marker == 0xDA ? "scan data" : "its end") + " before a frame header");
      }
      if (i + 2 > b.length) {
        break;
      }
      int length = u16(b, i);
      if (length < 2) {
        return corrupt("JPEG segment 0x" + Integer.toHexString(marker) + " has length " + length);
      }
      if (isStartOfFrame(marker)) {
        // length(2) precision(1) height(2) width(2)
        if (i + 7 > b.length) {
          break;
        }
        return dims(ImageFormat.JPEG, u16(b, i + 5), u16(b, i + 3));
      }
      i += length;
    }
    return corrupt("JPEG ends before its frame header (truncated file?)");
  }

  private static boolean isStartOfFrame(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static Validation<ImageHeader> dims(ImageFormat format, long width, long height) {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      return Validation.invalid(Rejection.of(RejectionCode.IMAGE_DIMENSIONS_INVALID,
          "%s header declares %dx%d pixels", format, width, height));
    }
    return Validation.valid(new ImageHeader(format, (int) width, (int) height));
  }

  private static Validation<ImageHeader> corrupt(String message) {
    return Validation.invalid(new Rejection(RejectionCode.IMAGE_CORRUPT, message));
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static long u32(byte[] b, int i) {
    return ((long) u8(b, i) << 24) | ((long) u8(b, i + 1) << 16) | ((long) u8(b, i + 2) << 8) | u8(b, i + 3);
  }

  private static String hex(byte[] b, int max) {
    if (b.length == 0) {
      return "none";
    }
    var sb = new StringBuilder();
    for (int k = 0; k < Math.min(max, b.length); k++) {
      sb.append(String.format("%02x", b[k] & 0xFF));
    }
    return sb.toString();
  }
}
