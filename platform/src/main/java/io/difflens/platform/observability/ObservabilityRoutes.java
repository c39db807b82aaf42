package io.difflens.platform.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.platform.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The operational routes, mountable on any reactor-netty server so a service can serve them next to its own:
 * <ul>
 *   <li>{@code GET /health}: JSON {@code {"status":"UP","checks":{"kafka":{"status":"UP","detail":"1 broker(s)"}}}};
 *       200 when every check is UP, 503 otherwise</li>
 *   <li>{@code GET /metrics}: the Prometheus scrape of the registry</li>
 * </ul>
 * With a bearer token, both require {@code Authorization: Bearer <token>} (401 otherwise).
 */
public final class ObservabilityRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, HealthCheck> checks;
    private final PrometheusMeterRegistry registry;
    private final Optional<Secret> token;
    private final Runnable beforeScrape;

    /**
     * @param checks       named checks; names are the keys of the {@code checks} JSON object
     * @param registry     what {@code /metrics} scrapes
     * @param token        the bearer token both routes require, if any
     * @param beforeScrape runs before each scrape (for instance to bring gauges up to date)
     */
    public ObservabilityRoutes(Map<String, HealthCheck> checks, PrometheusMeterRegistry registry,
                               Optional<Secret> token, Runnable beforeScrape) {
        this.checks = Map.copyOf(checks);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.token = Objects.requireNonNull(token, "token");
        this.beforeScrape = Objects.requireNonNull(beforeScrape, "beforeScrape");
    }

    /** Routes with nothing to run before a scrape. */
    public ObservabilityRoutes(Map<String, HealthCheck> checks, PrometheusMeterRegistry registry, Optional<Secret> token) {
        this(checks, registry, token, () -> { });
    }

    /** Adds {@code GET /health} and {@code GET /metrics} to {@code routes}; returns {@code routes}. */
    public HttpServerRoutes mount(HttpServerRoutes routes) {
        return routes
                .get("/health", (req, res) -> authorized(req, res, () -> health(res)))
                .get("/metrics", (req, res) -> authorized(req, res, () -> metrics(res)));
    }

    /** Runs every check now, in name order; a check that throws or returns nothing counts as DOWN. */
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
                return res.status(HttpResponseStatus.UNAUTHORIZED)
                        .header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer")
                        .send();
            }
        }
        return handler.get();
    }

    private Publisher<Void> health(HttpServerResponse res) {
        // Checks may block (network calls): run them off the event loop, then decide the status and send the
        // whole response from the result. The response is never touched from another thread while it is sent.
        return Mono.fromCallable(this::checkAll)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(results -> {
                    boolean up = results.values().stream().allMatch(h -> h.status() == Health.Status.UP);
                    ObjectNode root = JSON.createObjectNode();
                    root.put("status", up ? "UP" : "DOWN");
                    ObjectNode c = root.putObject("checks");
                    results.forEach((name, h) ->
                            c.putObject(name).put("status", h.status().name()).put("detail", h.detail()));
                    return res.status(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE)
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendByteArray(Mono.just(toJson(root)))
                            .then();
                });
    }

    private Publisher<Void> metrics(HttpServerResponse res) {
        // beforeScrape may block: off the event loop too, and the response is sent only once the body exists.
        return Mono.fromCallable(() -> {
                    beforeScrape.run();
                    return registry.scrape().getBytes(StandardCharsets.UTF_8);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> res.header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT)
                        .sendByteArray(Mono.just(body))
                        .then());
    }

    private static byte[] toJson(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
