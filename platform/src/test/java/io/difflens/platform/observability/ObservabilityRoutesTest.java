package io.difflens.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The routes mounted next to a service's own, on the service's server. */
class ObservabilityRoutesTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void servesHealthAndMetricsBesideTheServicesOwnRoutes() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        registry.counter("difflens.test.hits").increment();
        ObservabilityRoutes observability = new ObservabilityRoutes(
                Map.of("kafka", () -> Health.up("1 broker(s)")), registry, Optional.empty(), scrapes::incrementAndGet);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> observability.mount(routes)
                        .get("/own", (req, res) -> res.sendString(Mono.just("mine"))))
                .bindNow(Duration.ofSeconds(30));
        try {
            assertThat(get(server, "/own", null).body()).isEqualTo("mine");
            HttpResponse<String> health = get(server, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/kafka/detail").asText()).isEqualTo("1 broker(s)");
            assertThat(get(server, "/metrics", null).body()).contains("difflens_test_hits_total");
            assertThat(scrapes).hasValue(1);
        } finally {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    @Test
    void theTokenGuardsBothRoutesButNotTheServicesOwn() throws Exception {
        ObservabilityRoutes observability = new ObservabilityRoutes(
                Map.of("kafka", () -> Health.down("no broker")), registry, Optional.of(new Secret("let-me-in")));
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> observability.mount(routes)
                        .get("/own", (req, res) -> res.sendString(Mono.just("mine"))))
                .bindNow(Duration.ofSeconds(30));
        try {
            assertThat(get(server, "/own", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(401);
            assertThat(get(server, "/metrics", "wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/health", "let-me-in").statusCode()).isEqualTo(503);
            assertThat(get(server, "/metrics", "let-me-in").statusCode()).isEqualTo(200);
        } finally {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    private HttpResponse<String> get(DisposableServer server, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
