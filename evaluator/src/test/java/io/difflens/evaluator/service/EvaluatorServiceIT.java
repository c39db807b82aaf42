package io.difflens.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.ConfigValues;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.Eventually;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.Label;
import io.difflens.schemas.VqaAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running evaluator on the embedded broker and the embedded schema registry: answers and labels in, and
 * the metric they give out on every face of the service — the {@code metrics} topic (through the dashboard
 * store), {@code /metrics} as a Prometheus gauge, {@code /api/metrics} as JSON — with {@code /health} UP.
 */
class EvaluatorServiceIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers()).build().start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static ConfigValues config(Path stateDir, String prefix) {
        return ConfigValues.of(Map.of(
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "registry.url", registry.url(),
                "topics.prefix", prefix,
                "topics.partitions", "2",
                "topics.model.adapters.retention", "forever",
                "evaluator.application.id", "evaluator-it-" + UUID.randomUUID(),
                "evaluator.state.dir", stateDir.toString(),
                "evaluator.window", "1m",
                "http.host", "127.0.0.1",
                "http.port", "0"), "test");
    }

    @Test
    void publishesTheMetricOfJoinedAnswersAsGaugeAndOnTheApi(@TempDir Path stateDir) throws Exception {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
        ConfigValues values = config(stateDir, prefix);
        PlatformConfig platform = PlatformConfig.from(values);
        try (EvaluatorService service = EvaluatorService.start(platform, EvaluatorServiceConfig.from(values))) {
            Eventually.until(() -> service.state() == KafkaStreams.State.RUNNING, WAIT, () -> "streams RUNNING, is "
                    + service.state());
            produceAnswersAndLabels(platform);

            // q1 and q3 name the correct option, q2 does not: accuracy (1 + 0 + 1) / 3 over 3 answers
            double expected = 2.0 / 3.0;
            Map<String, String> labels = Map.of("benchmark", "blink", "category", "Counting", "metric", "accuracy",
                    "bundle", "tiny", "adapter", "v7");
            Eventually.until(() -> gauge(service, "difflens_evaluator_metric_count", labels).orElse(0) == 3.0, WAIT,
                    () -> "count gauge 3; scrape:\n" + scrapeQuietly(service));
            assertThat(gauge(service, "difflens_evaluator_metric", labels)).hasValue(expected);
            // the whole benchmark (category "") and the one-minute windows are gauges too
            assertThat(gauge(service, "difflens_evaluator_metric", Map.of("benchmark", "blink", "category", "",
                    "metric", "accuracy", "bundle", "tiny", "adapter", "v7"))).hasValue(expected);
            assertThat(gauge(service, "difflens_evaluator_metric", Map.of("benchmark", "blink", "category", "Counting",
                    "metric", "accuracy_1m", "bundle", "tiny", "adapter", "v7"))).isPresent();

            JsonNode api = JSON.readTree(get(service, "api/metrics").body());
            JsonNode series = findSeries(api, "blink", "Counting", "accuracy");
            assertThat(series).as("series blink/Counting/accuracy in %s", api).isNotNull();
            JsonNode samples = series.get("samples");
            JsonNode last = samples.get(samples.size() - 1);
            assertThat(last.get("value").asDouble()).isEqualTo(expected);
            assertThat(last.get("count").asLong()).isEqualTo(3);
            assertThat(series.get("bundleId").asText()).isEqualTo("tiny");
            assertThat(series.get("adapterVersion").asText()).isEqualTo("v7");

            HttpResponse<String> health = get(service, "health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode checks = JSON.readTree(health.body()).get("checks");
            assertThat(checks.get("streams").get("status").asText()).isEqualTo("UP");
            assertThat(checks.get("metrics-feed").get("status").asText()).isEqualTo("UP");

            HttpResponse<String> page = get(service, "");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
        }
    }

    private static void produceAnswersAndLabels(PlatformConfig platform) {
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url());
        AvroSerde<VqaAnswer> answers = AvroSerde.specific(VqaAnswer.class, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<Label> labels = AvroSerde.specific(Label.class, client, AvroSerdeConfig.defaults(), false);
        String answerTopic = platform.topics().name(EventTopic.VQA_ANSWERS);
        String labelTopic = platform.topics().name(EventTopic.VQA_LABELS);
        KafkaTestKit kafka = KAFKA.kit();
        List<ProducerRecord<String, VqaAnswer>> a = new ArrayList<>();
        List<ProducerRecord<String, Label>> l = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        String[] texts = {"(A) one", "one", "It is one."};
        int[] correct = {0, 1, 0};
        for (int i = 0; i < 3; i++) {
            String id = "q" + (i + 1);
            a.add(new ProducerRecord<>(answerTopic, null, now, id, VqaAnswer.newBuilder().setRequestId(id)
                    .setStatus(AnswerStatus.OK).setText(texts[i]).setBundleId("tiny").setAdapterVersion("v7")
                    .setCreatedAt(Instant.ofEpochMilli(now)).build()));
            l.add(new ProducerRecord<>(labelTopic, null, now + 500, id, Label.newBuilder().setRequestId(id)
                    .setBenchmark("blink").setCategory("Counting").setChoices(List.of("one", "two"))
                    .setCorrectChoice(correct[i]).build()));
        }
        kafka.produce(new StringSerializer(), answers.serializer(), a);
        kafka.produce(new StringSerializer(), labels.serializer(), l);
    }

    private static JsonNode findSeries(JsonNode api, String benchmark, String category, String metric) {
        for (JsonNode b : api.get("benchmarks")) {
            if (!b.get("name").asText().equals(benchmark)) {
                continue;
            }
            for (JsonNode s : b.get("series")) {
                if (category.equals(s.path("category").asText(null)) && metric.equals(s.get("metric").asText())) {
                    return s;
                }
            }
        }
        return null;
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The value of the sample of {@code name} with exactly {@code labels}, from a real scrape. */
    private static OptionalDouble gauge(EvaluatorService service, String name, Map<String, String> labels) {
        String scrape = scrapeQuietly(service);
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            Matcher lm = LABEL.matcher(m.group(2));
            while (lm.find()) {
                found.put(lm.group(1), lm.group(2));
            }
            if (found.equals(labels)) {
                return OptionalDouble.of(Double.parseDouble(m.group(3)));
            }
        }
        return OptionalDouble.empty();
    }

    private static String scrapeQuietly(EvaluatorService service) {
        try {
            HttpResponse<String> r = get(service, "metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static HttpResponse<String> get(EvaluatorService service, String path) throws IOException, InterruptedException {
        return freshClient().send(HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }


    /**
     * A new client (so a new connection) per request: a pooled keep-alive connection was seen to hang a request
     * for 30 s once in a loaded full build, and each request here must stand on its own.
     */
    private static HttpClient freshClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
