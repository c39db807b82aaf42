package io.difflens.evaluator.service.internal;

import io.difflens.evaluator.dashboard.DashboardRoutes;
import io.difflens.platform.config.Secret;
import io.difflens.platform.http.HttpServers;
import io.difflens.platform.observability.Health;
import io.difflens.platform.observability.HealthCheck;
import io.difflens.platform.observability.ObservabilityRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import reactor.netty.DisposableServer;

/**
 * The evaluator's one HTTP port: the dashboard's routes ({@code /}, {@code /dashboard/*}, {@code /webjars/*},
 * {@code /api/metrics}) and platform's operational ones, {@code /health} and {@code /metrics}.
 */
public final class EvaluatorHttp implements AutoCloseable {
    private final ObservabilityRoutes observability;
    private final DisposableServer server;

    /**
     * Binds and starts serving.
     *
     * @param beforeScrape runs before each {@code /metrics} scrape (brings the metric gauges up to date)
     */
    public EvaluatorHttp(String host, int port, Optional<Secret> token, DashboardRoutes dashboard,
            Map<String, HealthCheck> checks, PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.observability = new ObservabilityRoutes(checks, registry, token, beforeScrape);
        this.server = HttpServers.create().host(host).port(port)
                .route(routes -> {
                    observability.mount(routes);
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
        return observability.checkAll();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
