package io.difflens.evaluator.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.evaluator.dashboard.DashboardRoutes;
import io.difflens.platform.config.Secret;
import io.difflens.platform.observability.Health;
import io.difflens.platform.observability.HealthCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The evaluator's one HTTP port: the dashboard's routes ({@code /}, {@code /dashboard/*}, {@code /webjars/*},
 * {@code /api/metrics}) and the operational ones, {@code /health} and {@code /metrics}.
 *
 * <p>{@code /health} and {@code /metrics} answer as platform's {@code ObservabilityServer} does (same JSON, same
 * status codes, same token rule); that server binds a port of its own and cannot take extra routes, so the
 * two handlers are repeated here rather than running two ports.
 */
public final class EvaluatorHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, HealthCheck> checks;
    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;
    private final Optional<Secret> token;
    private final DisposableServer server;

    /**
     * Binds and starts serving.
     *
     * @param beforeScrape runs before each {@code /metrics} scrape (brings the metric gauges up to date)
     */
    public EvaluatorHttp(String host, int port, Optional<Secret> token, DashboardRoutes dashboard,
            Map<String, HealthCheck> checks, PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.checks = Map.copyOf(checks);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.beforeScrape = Objects.requireNonNull(beforeScrape, "beforeScrape");
        this.token = Objects.requireNonNull(token, "token");
        this.server = HttpServer.create().host(host).port(port)
                .route(routes -> {
                    routes.get("/health", (req, res) -> authorized(req, res, () -> health(res)))
                            .get("/metrics", (req, res) -> authorized(req, res, () -> metrics(res)));
                    dashboard.accept(routes);
                })
                .bindNow(Duration.ofSeconds(30));
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The interface bound. */
    public String host() {
        return server.host();
    }

    /** Every check, run now, by name. */
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

    private Publisher<Void> authorized(HttpServerRequest req, HttpServerResponse res, Supplier<Publisher<Void>> handler) {
        if (token.isPresent()) {
            String header = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
            String presented = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
            if (!token.get().matches(presented)) {
                return res.status(HttpResponseStatus.UNAUTHORIZED).header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer").send();
            }
        }
        return handler.get();
    }

    private Publisher<Void> health(HttpServerResponse res) {
        // checks may block: keep them off the event loop
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
                .sendByteArray(Mono.fromCallable(() -> {
                    beforeScrape.run();
                    return registry.scrape().getBytes(StandardCharsets.UTF_8);
                }).subscribeOn(Schedulers.boundedElastic()));
    }

    private static byte[] toJson(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
