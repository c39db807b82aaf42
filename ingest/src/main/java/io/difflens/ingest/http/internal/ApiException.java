package io.difflens.ingest.http.internal;

import io.difflens.ingest.http.ApiError;

/** A request the API refuses for a reason other than input validation. */
public final class ApiException extends RuntimeException {
  private final ApiError error;

  public ApiException(ApiError error, String message) {
    super(message);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
