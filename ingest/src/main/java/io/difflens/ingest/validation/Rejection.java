package io.difflens.ingest.validation;

import java.util.Objects;

/**
 * One reason an input was refused: a machine-readable code and a readable message naming the offending
 * value.
 */
public record Rejection(RejectionCode code, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("rejection " + code + " needs a message");
    }
  }

  /** Shorthand for {@code new Rejection(code, String.format(format, args))}. */
  public static Rejection of(RejectionCode code, String format, Object... args) {
    return new Rejection(code, String.format(java.util.Locale.ROOT, format, args));
  }

  @Override
  public String toString() {
    return code.code() + ": " + message;
  }
}
