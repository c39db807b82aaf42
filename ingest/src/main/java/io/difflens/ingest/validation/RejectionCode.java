package io.difflens.ingest.validation;

import java.util.Locale;

/**
 * Why an input was refused. Each constant has a stable machine-readable {@link #code()} (what clients
 * switch on) and a {@link Kind} that the transport maps to its own vocabulary (HTTP status, CLI summary).
 */
public enum RejectionCode {
  IMAGE_MISSING(Kind.INVALID),
  IMAGE_TOO_LARGE(Kind.TOO_LARGE),
  IMAGE_UNSUPPORTED_FORMAT(Kind.UNSUPPORTED_MEDIA),
  IMAGE_CORRUPT(Kind.INVALID),
  IMAGE_DIMENSIONS_INVALID(Kind.INVALID),
  IMAGE_DIMENSIONS_TOO_LARGE(Kind.INVALID),
  QUESTION_MISSING(Kind.INVALID),
  QUESTION_EMPTY(Kind.INVALID),
  QUESTION_TOO_LONG(Kind.INVALID),
  QUESTION_NOT_UTF8(Kind.INVALID),
  CAPTION_TOO_LONG(Kind.INVALID),
  CAPTION_NOT_UTF8(Kind.INVALID),
  TEXT_EMPTY(Kind.INVALID),
  TEXT_TOO_LONG(Kind.INVALID),
  TEXT_NOT_UTF8(Kind.INVALID),
  TOO_MANY_ITEMS(Kind.INVALID),
  OPTION_FEATURE_MODE(Kind.INVALID),
  OPTION_GUIDANCE_SCALE(Kind.INVALID),
  OPTION_TIMESTEP(Kind.INVALID),
  OPTION_MAX_NEW_TOKENS(Kind.INVALID),
  OPTION_SEED(Kind.INVALID),
  OPTION_LAYERS(Kind.INVALID),
  ID_INVALID(Kind.INVALID),
  /** A dataset line that is not a well-formed record (CLI only). */
  RECORD_MALFORMED(Kind.INVALID),
  /** A dataset record naming an image file that does not exist or lies outside the images folder (CLI only). */
  IMAGE_NOT_FOUND(Kind.INVALID),
  /** A training example without an answer (CLI only). */
  ANSWER_MISSING(Kind.INVALID);

  /** Coarse class of a rejection, independent of any transport. */
  public enum Kind {
    /** Well-formed but semantically invalid input. */
    INVALID,
    /** Input exceeding a size limit. */
    TOO_LARGE,
    /** A media type the pipeline cannot decode. */
    UNSUPPORTED_MEDIA
  }

  private final Kind kind;

  RejectionCode(Kind kind) {
    this.kind = kind;
  }

  /** The coarse class of this rejection. */
  public Kind kind() {
    return kind;
  }

  /** The stable wire form, e.g. {@code image_too_large}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
