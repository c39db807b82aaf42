package io.difflens.platform.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.platform.config.HttpConfig;
import io.difflens.platform.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import org.reactivestreams.Publisher;

/**
 * A service's operational HTTP endpoint (reactor-netty):
 * <ul>
 *   <li>{@code GET /health}: JSON {@code {"status":"UP","checks":{"kafka":{"status":"UP","detail":"1 broker(s)"}}}};
 *       200 when every check is UP, 503 otherwise</li>
 *   <li>{@code GET /metrics}: the Prometheus scrape of the registry</li>
 * </ul>
 * With a bearer token configured, both require {@code Authorization: Bearer <token>} (401 otherwise).
 */
public final class ObservabilityServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, HealthCheck> checks;
    private final PrometheusMeterRegistry registry;
    private final Optional<Secret> token;
    private final DisposableServer server;

    private ObservabilityServer(Builder b) {
        this.checks = Map.copyOf(b.checks);
        this.registry = b.registry;
        this.token = b.http.bearerToken();
        this.server = HttpServer.create()
                .host(b.host)
                .port(b.http.port())
                .route(routes -> routes
                        .get("/health", (req, res) -> authorized(req, res, () -> health(res)))
                        .get("/metrics", (req, res) -> authorized(req, res, () -> metrics(res))))
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
        Map<String, Health> results = new LinkedHashMap<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Health h;
            try {
                h = Objects.requireNonNullElse(e.getValue().check(), Health.down("check returned nothing"));
            } catch (Exception ex) {
                h = Health.down(ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
            results.put(e.getKey(), h);
        });
        return results;
    }

    private Publisher<Void> authorized(HttpServerRequest req, HttpServerResponse res,
                                       java.util.function.Supplier<Publisher<Void>> handler) {
        if (token.isPresent()) {
            String header = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
            String presented = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
            if (!token.get().matches(presented)) {
                return res.status(HttpResponseStatus.UNAUTHORIZED)
                        .header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer")
                        .send();
            }
        }
        return handler.get();
    }

    private Publisher<Void> health(HttpServerResponse res) {
        // Checks may block (network calls): keep them off the event loop.
        Mono<byte[]> body = Mono.fromCallable(() -> {
            Map<String, Health> results = checkAll();
            boolean up = results.values().stream().allMatch(h -> h.status() == Health.Status.UP);
            ObjectNode root = JSON.createObjectNode();
            root.put("status", up ? "UP" : "DOWN");
            ObjectNode c = root.putObject("checks");
            results.forEach((name, h) -> c.putObject(name).put("status", h.status().name()).put("detail", h.detail()));
            res.status(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE);
            return toJson(root);
        }).subscribeOn(Schedulers.boundedElastic());
        return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendByteArray(body);
    }

    private Publisher<Void> metrics(HttpServerResponse res) {
        return res.header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT)
                .sendByteArray(Mono.fromCallable(() -> registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] toJson(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
