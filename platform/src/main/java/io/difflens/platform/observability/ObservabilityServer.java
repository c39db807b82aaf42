package io.difflens.platform.observability;

import io.difflens.platform.config.HttpConfig;
import io.difflens.platform.http.HttpServers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import reactor.netty.DisposableServer;

/**
 * A service's operational HTTP endpoint on a port of its own: {@link ObservabilityRoutes} ({@code /health} and
 * {@code /metrics}) and nothing else. Services with an HTTP server of their own mount those routes there instead.
 */
public final class ObservabilityServer implements AutoCloseable {

    private final ObservabilityRoutes routes;
    private final DisposableServer server;

    private ObservabilityServer(Builder b) {
        this.routes = new ObservabilityRoutes(b.checks, b.registry, b.http.bearerToken());
        this.server = HttpServers.create()
                .host(b.host)
                .port(b.http.port())
                .route(routes::mount)
                .bindNow(Duration.ofSeconds(30));
    }

    /** Starts building a server over {@code registry}, listening as {@code http} says. */
    public static Builder builder(HttpConfig http, PrometheusMeterRegistry registry) {
        return new Builder(http, registry);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** Runs every check now and combines them: UP only when all are UP. */
    public Map<String, Health> checkAll() {
        return routes.checkAll();
    }

    /** Stops listening. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    /** Builder of {@link ObservabilityServer}. */
    public static final class Builder {
        private final HttpConfig http;
        private final PrometheusMeterRegistry registry;
        private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
        private String host = "0.0.0.0";

        private Builder(HttpConfig http, PrometheusMeterRegistry registry) {
            this.http = Objects.requireNonNull(http, "http");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Adds a named check (names are the keys of the {@code checks} JSON object). */
        public Builder check(String name, HealthCheck check) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("health check name must not be blank, was '" + name + "'");
            }
            if (checks.putIfAbsent(name, Objects.requireNonNull(check, "check")) != null) {
                throw new IllegalArgumentException("duplicate health check name '" + name + "'");
            }
            return this;
        }

        /** The interface to listen on (default all). */
        public Builder host(String h) {
            this.host = Objects.requireNonNull(h, "host");
            return this;
        }

        /** Binds and starts serving. */
        public ObservabilityServer start() {
            return new ObservabilityServer(this);
        }
    }
}
