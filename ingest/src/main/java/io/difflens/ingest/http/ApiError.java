package io.difflens.ingest.http;

import java.util.Locale;

/**
 * Errors of the HTTP API that are not input validation ({@link io.difflens.ingest.validation.RejectionCode}
 * covers those); each has its status and a stable machine-readable code.
 */
public enum ApiError {
  MALFORMED_JSON(400),
  MALFORMED_MULTIPART(400),
  INVALID_BASE64(400),
  INVALID_WAIT(400),
  UNAUTHORIZED(401),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  REQUEST_TOO_LARGE(413),
  UNSUPPORTED_CONTENT_TYPE(415),
  TOO_MANY_WAITING(503),
  PUBLISH_FAILED(503),
  TIMEOUT(504);

  private final int status;

  ApiError(int status) {
    this.status = status;
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** Stable wire form, e.g. {@code request_too_large}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
