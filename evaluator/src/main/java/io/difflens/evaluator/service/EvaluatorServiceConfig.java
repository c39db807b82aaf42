package io.difflens.evaluator.service;

import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the running evaluator is set up, on top of the platform's configuration (brokers, registry, topics).
 * Keys, read by {@link #from(ConfigValues)}:
 * <ul>
 *   <li>{@code evaluator.application.id} — Kafka Streams application id (default {@code difflens-evaluator});</li>
 *   <li>{@code evaluator.state.dir} — Kafka Streams state directory (default: Kafka Streams' own);</li>
 *   <li>{@code evaluator.join.retention} — how long an answer and its label wait for each other (1h);</li>
 *   <li>{@code evaluator.window}, {@code evaluator.window.advance} — windowed metrics: size and hop (1m, =
 *       size: tumbling);</li>
 *   <li>{@code evaluator.grace} — how late a record may still enter its window (10s);</li>
 *   <li>{@code evaluator.commit.interval} — Kafka Streams commit interval, which bounds how soon a metric is
 *       visible to {@code read_committed} readers (100ms, the exactly-once default);</li>
 *   <li>{@code evaluator.create.topics} — create missing input and output topics at start (true);</li>
 *   <li>{@code http.port}, {@code http.bearer.token} — the one HTTP port (8080) and its optional token.</li>
 * </ul>
 *
 * @param applicationId  Kafka Streams application id (also its consumer group and transactional id prefix)
 * @param stateDir       state directory, or empty for Kafka Streams' default
 * @param joinRetention  answer ⋈ label retention
 * @param window         size of the windowed metrics
 * @param advance        hop of the windowed metrics; equal to {@code window} for tumbling windows
 * @param grace          grace period of joins and windows
 * @param commitInterval Kafka Streams commit interval
 * @param createTopics   whether to create missing topics at start
 * @param host           interface the HTTP server binds
 * @param httpPort       HTTP port; 0 picks a free one
 * @param bearerToken    token required on {@code /api/*}, {@code /health} and {@code /metrics}, if any
 */
public record EvaluatorServiceConfig(String applicationId, Optional<Path> stateDir, Duration joinRetention,
        Duration window, Duration advance, Duration grace, Duration commitInterval, boolean createTopics,
        String host, int httpPort, Optional<Secret> bearerToken) {

    public static final String DEFAULT_APPLICATION_ID = "difflens-evaluator";

    public EvaluatorServiceConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("evaluator.application.id must not be blank, got '" + applicationId + "'");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bearerToken, "bearerToken");
        positive("evaluator.join.retention", joinRetention);
        positive("evaluator.window", window);
        positive("evaluator.window.advance", advance);
        positive("evaluator.commit.interval", commitInterval);
        if (advance.compareTo(window) > 0) {
            throw new IllegalArgumentException("evaluator.window.advance " + advance + " must not exceed evaluator.window "
                    + window);
        }
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("evaluator.grace must not be negative, got " + grace);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("http.port must be in [0, 65535], got " + httpPort);
        }
    }

    /** Reads the keys listed in the class comment, with their defaults. */
    public static EvaluatorServiceConfig from(ConfigValues values) {
        Duration window = values.duration("evaluator.window", Duration.ofMinutes(1));
        return new EvaluatorServiceConfig(
                values.string("evaluator.application.id", DEFAULT_APPLICATION_ID),
                values.get("evaluator.state.dir").map(Path::of),
                values.duration("evaluator.join.retention", Duration.ofHours(1)),
                window,
                values.duration("evaluator.window.advance", window),
                values.duration("evaluator.grace", Duration.ofSeconds(10)),
                values.duration("evaluator.commit.interval", Duration.ofMillis(100)),
                values.bool("evaluator.create.topics", true),
                values.string("http.host", "0.0.0.0"),
                values.integer("http.port", 8080, 0, 65_535),
                values.secret("http.bearer.token"));
    }

    /** A copy with another HTTP port. */
    public EvaluatorServiceConfig withHttpPort(int port) {
        return new EvaluatorServiceConfig(applicationId, stateDir, joinRetention, window, advance, grace, commitInterval,
                createTopics, host, port, bearerToken);
    }

    /** A copy with another state directory. */
    public EvaluatorServiceConfig withStateDir(Path dir) {
        return new EvaluatorServiceConfig(applicationId, Optional.of(dir), joinRetention, window, advance, grace,
                commitInterval, createTopics, host, httpPort, bearerToken);
    }

    /** A copy with another Kafka Streams application id. */
    public EvaluatorServiceConfig withApplicationId(String id) {
        return new EvaluatorServiceConfig(id, stateDir, joinRetention, window, advance, grace, commitInterval,
                createTopics, host, httpPort, bearerToken);
    }

    /** A copy with another interface to bind. */
    public EvaluatorServiceConfig withHost(String newHost) {
        return new EvaluatorServiceConfig(applicationId, stateDir, joinRetention, window, advance, grace, commitInterval,
                createTopics, newHost, httpPort, bearerToken);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "EvaluatorServiceConfig[applicationId=" + applicationId + ", stateDir=" + stateDir + ", joinRetention="
                + joinRetention + ", window=" + window + ", advance=" + advance + ", grace=" + grace
                + ", commitInterval=" + commitInterval + ", createTopics=" + createTopics + ", host=" + host
                + ", httpPort=" + httpPort + ", bearerToken=" + bearerToken.map(t -> Secret.MASK).orElse("none") + "]";
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
    }
}
