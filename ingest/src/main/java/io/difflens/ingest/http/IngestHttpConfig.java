package io.difflens.ingest.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the ingest HTTP API.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0}
 * @param port port to bind, 0 for a free one
 * @param bearerToken when present, every {@code /v1} request needs {@code Authorization: Bearer <token>}
 * @param maxRequestBytes largest accepted request body; larger ones get 413
 * @param maxWait longest {@code ?wait=} a client may ask for; longer ones are capped
 */
public record IngestHttpConfig(String host, int port, Optional<String> bearerToken, long maxRequestBytes, Duration maxWait) {
  public IngestHttpConfig {
    Objects.requireNonNull(host, "host");
    bearerToken = bearerToken == null ? Optional.empty() : bearerToken.filter(t -> !t.isBlank());
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http port must be 0..65535, got " + port);
    }
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be > 0, got " + maxRequestBytes);
    }
    if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
    }
  }

  /** Port 8080 on all interfaces, no token, 16 MiB bodies, waits of at most 2 minutes. */
  public static IngestHttpConfig defaults() {
    return new IngestHttpConfig("0.0.0.0", 8080, Optional.empty(), 16L * 1024 * 1024, Duration.ofMinutes(2));
  }

  public IngestHttpConfig withPort(int p) {
    return new IngestHttpConfig(host, p, bearerToken, maxRequestBytes, maxWait);
  }

  public IngestHttpConfig withHost(String h) {
    return new IngestHttpConfig(h, port, bearerToken, maxRequestBytes, maxWait);
  }

  public IngestHttpConfig withBearerToken(String token) {
    return new IngestHttpConfig(host, port, Optional.ofNullable(token), maxRequestBytes, maxWait);
  }

  public IngestHttpConfig withMaxRequestBytes(long bytes) {
    return new IngestHttpConfig(host, port, bearerToken, bytes, maxWait);
  }

  @Override
  public String toString() {
    return "IngestHttpConfig[host=" + host + ", port=" + port + ", bearerToken=" + (bearerToken.isPresent() ? "****" : "none")
        + ", maxRequestBytes=" + maxRequestBytes + ", maxWait=" + maxWait + "]";
  }
}
