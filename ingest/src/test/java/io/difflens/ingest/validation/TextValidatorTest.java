package io.difflens.ingest.validation;

import static io.difflens.ingest.validation.ImageValidatorTest.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextValidatorTest {
  private final TextValidator validator = new TextValidator(IngestLimits.DEFAULTS.withMaxQuestionChars(10));

  @Test
  void acceptsUtf8Question() {
    assertThat(validator.validate(TextField.QUESTION, "Qué? 🐱".getBytes(StandardCharsets.UTF_8)).orElseThrow())
        .isEqualTo("Qué? 🐱");
  }

  @Test
  void countsCodePointsNotUtf16Units() {
    // ten cats are twenty UTF-16 units but ten characters
    assertThat(validator.validate(TextField.QUESTION, "🐱".repeat(10)).isValid()).isTrue();
    assertSingle(validator.validate(TextField.QUESTION, "🐱".repeat(11)), RejectionCode.QUESTION_TOO_LONG);
  }

  @Test
  void rejectsEmptyAndBlankQuestions() {
    assertSingle(validator.validate(TextField.QUESTION, ""), RejectionCode.QUESTION_EMPTY);
    assertSingle(validator.validate(TextField.QUESTION, " \t\n"), RejectionCode.QUESTION_EMPTY);
    assertSingle(validator.validate(TextField.QUESTION, new byte[0]), RejectionCode.QUESTION_EMPTY);
  }

  @Test
  void rejectsMissingQuestion() {
    assertSingle(validator.validate(TextField.QUESTION, (String) null), RejectionCode.QUESTION_MISSING);
  }

  @Test
  void rejectsTooLongQuestion() {
    Validation<String> result = validator.validate(TextField.QUESTION, "x".repeat(11));
    assertSingle(result, RejectionCode.QUESTION_TOO_LONG);
    assertThat(result.rejections().get(0).message()).contains("11").contains("10");
  }

  @Test
  void rejectsMalformedUtf8() {
    byte[] bad = {'h', 'i', (byte) 0xC3, 0x28}; // 0xC3 starts a 2-byte sequence; 0x28 cannot continue it
    assertSingle(validator.validate(TextField.QUESTION, bad), RejectionCode.QUESTION_NOT_UTF8);
  }

  @Test
  void rejectsOverlongAndSurrogateEncodings() {
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF}; // '/' encoded in two bytes
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // U+D800 encoded directly
    assertSingle(validator.validate(TextField.QUESTION, overlong), RejectionCode.QUESTION_NOT_UTF8);
    assertSingle(validator.validate(TextField.QUESTION, surrogate), RejectionCode.QUESTION_NOT_UTF8);
  }

  @Test
  void rejectsLoneSurrogateInDecodedString() {
    assertSingle(validator.validate(TextField.QUESTION, "why\ud800?"), RejectionCode.QUESTION_NOT_UTF8);
  }

  @Test
  void captionHasItsOwnCodes() {
    byte[] bad = {(byte) 0xFF};
    assertSingle(validator.validate(TextField.CAPTION, bad), RejectionCode.CAPTION_NOT_UTF8);
    assertSingle(new TextValidator(new IngestLimits(1, 1, 1, 1, 3, 1, 1)).validate(TextField.CAPTION, "four"),
        RejectionCode.CAPTION_TOO_LONG);
  }

  @Test
  void rejectionCodesHaveSnakeCaseWireForm() {
    assertThat(RejectionCode.QUESTION_NOT_UTF8.code()).isEqualTo("question_not_utf8");
  }
}
