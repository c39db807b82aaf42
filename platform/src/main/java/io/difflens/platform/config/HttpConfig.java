package io.difflens.platform.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A service's HTTP endpoint. Keys: {@code http.port} (0 picks a free port), {@code http.bearer.token}
 * (when set, requests need {@code Authorization: Bearer <token>}).
 *
 * @param port        listening port, 0..65535
 * @param bearerToken optional token every request must present
 */
public record HttpConfig(int port, Optional<Secret> bearerToken) {

    /** Default port of a service's health and metrics endpoint. */
    public static final int DEFAULT_PORT = 8080;

    /** Validates the port. */
    public HttpConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("http.port", "invalid configuration: http.port = '" + port + "' must be in 0..65535");
        }
        Objects.requireNonNull(bearerToken, "bearerToken");
    }

    /** Reads {@code http.*}. */
    public static HttpConfig from(ConfigValues values) {
        return new HttpConfig(values.integer("http.port", DEFAULT_PORT, 0, 65535), values.secret("http.bearer.token"));
    }
}
