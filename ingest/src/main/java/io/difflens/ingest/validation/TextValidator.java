package io.difflens.ingest.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checks question, caption and ITM texts: valid UTF-8 (decoded strictly: malformed or unmappable input is an
 * error, never replaced by U+FFFD), non-blank, and at most a limit of code points.
 */
public final class TextValidator {
  private final IngestLimits limits;

  public TextValidator(IngestLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Validates raw bytes that must be UTF-8. */
  public Validation<String> validate(TextField field, byte[] utf8) {
    Objects.requireNonNull(field, "field");
    if (utf8 == null) {
      return missing(field);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      return Validation.invalid(Rejection.of(field.notUtf8, "%s is not valid UTF-8 (%s)", field.label(),
          e.getClass().getSimpleName()));
    }
    return validate(field, text);
  }

  /**
   * Validates an already decoded string. A string from JSON can still hold a lone surrogate
   * ({@code "\ud800"}), which has no UTF-8 form, so it is checked by a strict encoder.
   */
  public Validation<String> validate(TextField field, String text) {
    Objects.requireNonNull(field, "field");
    if (text == null) {
      return missing(field);
    }
    try {
      StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      return Validation.invalid(Rejection.of(field.notUtf8,
          "%s contains characters with no UTF-8 form (unpaired surrogate)", field.label()));
    }
    if (text.isBlank() && field != TextField.CAPTION) {
      return Validation.invalid(Rejection.of(field.empty, "%s is empty", field.label()));
    }
    int max = field == TextField.CAPTION ? limits.maxCaptionChars() : limits.maxQuestionChars();
    int length = text.codePointCount(0, text.length());
    if (length > max) {
      return Validation.invalid(Rejection.of(field.tooLong, "%s is %d characters long, the limit is %d",
          field.label(), length, max));
    }
    return Validation.valid(text);
  }

  private static Validation<String> missing(TextField field) {
    RejectionCode code = field == TextField.QUESTION ? RejectionCode.QUESTION_MISSING : field.empty;
    return Validation.invalid(Rejection.of(code, "no %s was given", field.label()));
  }
}
