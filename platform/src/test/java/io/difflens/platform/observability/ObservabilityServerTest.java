package io.difflens.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.config.HttpConfig;
import io.difflens.platform.config.Secret;
import io.difflens.platform.reactive.ProcessingStage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ObservabilityServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void healthIsUpWhenEveryCheckIsUpAndDownWith503Otherwise() throws Exception {
        AtomicBoolean modelLoaded = new AtomicBoolean(true);
        try (ObservabilityServer server = ObservabilityServer.builder(new HttpConfig(0, Optional.empty()), registry)
                .host("127.0.0.1")
                .check("kafka", () -> Health.up("1 broker(s)"))
                .check("model", () -> modelLoaded.get() ? Health.up("tiny") : Health.down("bundle missing"))
                .start()) {
            HttpResponse<String> up = get(server, "/health", null);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode body = new ObjectMapper().readTree(up.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/kafka/detail").asText()).isEqualTo("1 broker(s)");

            modelLoaded.set(false);
            HttpResponse<String> down = get(server, "/health", null);
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode downBody = new ObjectMapper().readTree(down.body());
            assertThat(downBody.get("status").asText()).isEqualTo("DOWN");
            assertThat(downBody.at("/checks/model/status").asText()).isEqualTo("DOWN");
            assertThat(downBody.at("/checks/model/detail").asText()).isEqualTo("bundle missing");
            assertThat(downBody.at("/checks/kafka/status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aThrowingCheckCountsAsDown() throws Exception {
        try (ObservabilityServer server = ObservabilityServer.builder(new HttpConfig(0, Optional.empty()), registry)
                .host("127.0.0.1")
                .check("broken", () -> {
                    throw new IllegalStateException("no route to broker");
                })
                .start()) {
            HttpResponse<String> r = get(server, "/health", null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("IllegalStateException: no route to broker");
        }
    }

    @Test
    void metricsExposeTheProcessorMetersInPrometheusFormat() throws Exception {
        ProcessorMetrics metrics = new ProcessorMetrics(registry, "answerer");
        metrics.onCommitted(8, 7, 1);
        metrics.onCommitted(4, 4, 0);
        metrics.onStage(ProcessingStage.TRANSFORM, Duration.ofMillis(120));
        metrics.onDeadLetter("deserialize", new IllegalArgumentException("x"));
        metrics.onLag(new TopicPartition("difflens.vqa.features", 2), 42);
        metrics.onAborted(new IllegalStateException("y"), 1);
        try (ObservabilityServer server = ObservabilityServer.builder(new HttpConfig(0, Optional.empty()), registry)
                .host("127.0.0.1").start()) {
            HttpResponse<String> r = get(server, "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(r.body())
                    .contains("difflens_records_in_total{processor=\"answerer\"} 12.0")
                    .contains("difflens_records_out_total{processor=\"answerer\"} 11.0")
                    .contains("difflens_batch_size_count{processor=\"answerer\"} 2")
                    .contains("difflens_batch_size_sum{processor=\"answerer\"} 12.0")
                    .contains("difflens_dead_letters_total{processor=\"answerer\",stage=\"deserialize\"} 1.0")
                    .contains("difflens_transactions_aborted_total{processor=\"answerer\"} 1.0")
                    .contains("difflens_consumer_lag{partition=\"2\",processor=\"answerer\",topic=\"difflens.vqa.features\"} 42.0")
                    .contains("difflens_stage_latency_seconds_bucket{processor=\"answerer\",stage=\"transform\"")
                    .contains("difflens_stage_latency_seconds_count{processor=\"answerer\",stage=\"transform\"} 1");
        }
    }

    @Test
    void bearerTokenIsRequiredWhenConfigured() throws Exception {
        try (ObservabilityServer server = ObservabilityServer.builder(
                        new HttpConfig(0, Optional.of(new Secret("let-me-in"))), registry)
                .host("127.0.0.1").check("kafka", () -> Health.up("")).start()) {
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(401);
            assertThat(get(server, "/metrics", "wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/health", "let-me-in").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics", "let-me-in").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(ObservabilityServer server, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
