package io.difflens.evaluator.dashboard;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the dashboard is served.
 *
 * @param host         interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port         TCP port; 0 picks a free one
 * @param bearerToken  token that {@code /api/*} requires as {@code Authorization: Bearer ...}, or
 *                     {@code null} for none. The page and its assets carry no data and stay open; the page
 *                     takes the token from its URL fragment ({@code /#token=...}), which browsers never send.
 * @param pollInterval how often an open page asks for new samples; at least 100 ms
 */
public record DashboardConfig(String host, int port, String bearerToken, Duration pollInterval) {

    /** One poll per second: the dashboard's resolution is windows of seconds to minutes. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public DashboardConfig {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            throw new IllegalArgumentException("bearerToken must be null or non-blank");
        }
        if (pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 100 ms, got " + pollInterval);
        }
    }

    /** Loopback, a free port, no token, one poll per second. */
    public static DashboardConfig localDefaults() {
        return new DashboardConfig("127.0.0.1", 0, null, DEFAULT_POLL_INTERVAL);
    }

    /** A copy with another port. */
    public DashboardConfig withPort(int newPort) {
        return new DashboardConfig(host, newPort, bearerToken, pollInterval);
    }

    /** A copy that requires {@code token} on {@code /api/*} ({@code null}: no token). */
    public DashboardConfig withBearerToken(String token) {
        return new DashboardConfig(host, port, token, pollInterval);
    }

    /** A copy with another poll interval. */
    public DashboardConfig withPollInterval(Duration interval) {
        return new DashboardConfig(host, port, bearerToken, interval);
    }

    /** The bearer token, if one is required. */
    public Optional<String> token() {
        return Optional.ofNullable(bearerToken);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "DashboardConfig[host=" + host + ", port=" + port + ", bearerToken="
                + (bearerToken == null ? "none" : "***") + ", pollInterval=" + pollInterval + "]";
    }
}
