package io.difflens.evaluator.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.dashboard.DashboardConfig;
import io.difflens.evaluator.dashboard.DashboardRoutes;
import io.difflens.evaluator.dashboard.MetricPoint;
import io.difflens.evaluator.dashboard.MetricSeriesStore;
import io.difflens.platform.config.Secret;
import io.difflens.platform.observability.Health;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one HTTP port on a real server: routes, health status codes, scrape refresh and the bearer token. */
class EvaluatorHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricSeriesStore store = new MetricSeriesStore();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricGauges gauges = new MetricGauges(meters, store);
    private final AtomicReference<Health> streams = new AtomicReference<>(Health.up("RUNNING"));
    private final AtomicInteger scrapes = new AtomicInteger();
    private EvaluatorHttp http;

    private EvaluatorHttp start(String token) {
        DashboardConfig dashboard = DashboardConfig.localDefaults().withBearerToken(token);
        http = new EvaluatorHttp("127.0.0.1", 0, Optional.ofNullable(token).map(Secret::new),
                new DashboardRoutes(store, dashboard), Map.of("streams", streams::get, "metrics-feed",
                        () -> Health.up("0 applied")), meters, () -> {
                            scrapes.incrementAndGet();
                            gauges.refresh();
                        });
        return http;
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        meters.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return freshClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPageApiHealthAndMetricsOnOnePort() throws Exception {
        start(null);
        store.add(MetricPoint.of("mmvp", null, "pair_accuracy", "tiny", null, 0.375, 8, 0, 1_000));

        assertThat(get("/", null).body()).contains("<html");
        assertThat(get("/api/metrics", null).body()).contains("pair_accuracy");
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        // the gauge was registered by the refresh that runs before the scrape
        assertThat(scrapes.get()).isEqualTo(1);
        assertThat(metrics.body()).containsPattern(
                "difflens_evaluator_metric\\{[^}]*benchmark=\"mmvp\"[^}]*metric=\"pair_accuracy\"[^}]*\\} 0\\.375");
    }

    @Test
    void healthIs503WithTheFailingCheckNamed() throws Exception {
        start(null);
        streams.set(Health.down("REBALANCING"));
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get("streams").get("detail").asText()).isEqualTo("REBALANCING");
        assertThat(body.get("checks").get("metrics-feed").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aTokenGuardsApiHealthAndMetricsButNotThePage() throws Exception {
        start("s3cret");
        assertThat(get("/", null).statusCode()).isEqualTo(200);
        for (String path : new String[] {"/api/metrics", "/health", "/metrics"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "s3cret").statusCode()).as(path).isEqualTo(200);
        }
        assertThat(scrapes.get()).isEqualTo(1);
    }

    /**
     * A new client (so a new connection) per request: a pooled keep-alive connection was seen to hang a request
     * for 30 s once in a loaded full build, and each request here must stand on its own.
     */
    private static HttpClient freshClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
