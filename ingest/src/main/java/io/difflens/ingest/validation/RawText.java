package io.difflens.ingest.validation;

import java.nio.charset.StandardCharsets;

/** Text as it arrived: raw bytes that must be UTF-8 (multipart parts, files) or an already decoded string (JSON). */
public sealed interface RawText {
  /** Bytes still to be decoded strictly as UTF-8. */
  record Utf8(byte[] bytes) implements RawText {}

  /** A string some parser already decoded. */
  record Decoded(String text) implements RawText {}

  static RawText of(String text) {
    return text == null ? null : new Decoded(text);
  }

  static RawText ofUtf8(byte[] bytes) {
    return bytes == null ? null : new Utf8(bytes);
  }

  /** Best-effort rendering for logs and summaries; never used for validation. */
  default String preview() {
    return this instanceof Utf8 u ? new String(u.bytes(), StandardCharsets.UTF_8) : ((Decoded) this).text();
  }
}
