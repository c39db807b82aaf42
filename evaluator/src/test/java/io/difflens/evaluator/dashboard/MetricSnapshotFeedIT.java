package io.difflens.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.registry.EmbeddedSchemaRegistry;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.schemas.MetricSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end through the embedded broker and the embedded schema registry: {@code MetricSnapshot} records
 * in Confluent wire format on a metrics topic are read by the feed, kept by the store and served by the
 * dashboard.
 */
class MetricSnapshotFeedIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedSchemaRegistry registry;
    private static Serde<MetricSnapshot> serde;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers()).build().start();
        serde = AvroSerde.specific(MetricSnapshot.class, HttpSchemaRegistryClient.of(registry.url()),
                AvroSerdeConfig.defaults(), false);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static MetricSnapshot snapshot(String benchmark, String category, String metric, double value, long count,
            int window, String adapter) {
        Instant start = Instant.ofEpochMilli(DashboardFixtures.T0 + window * DashboardFixtures.MINUTE);
        return MetricSnapshot.newBuilder()
                .setBenchmark(benchmark).setCategory(category).setMetric(metric)
                .setValue(value).setCount(count)
                .setWindowStart(start).setWindowEnd(start.plusMillis(DashboardFixtures.MINUTE))
                .setBundleId("tiny-sdxl").setAdapterVersion(adapter)
                .build();
    }

    private static ProducerRecord<String, MetricSnapshot> record(String topic, MetricSnapshot s) {
        return new ProducerRecord<>(topic, s.getBenchmark() + "/" + s.getCategory() + "/" + s.getMetric(), s);
    }

    /** Produces {@code snapshots} in one transaction, committed or aborted. */
    private static void produceInTransaction(String topic, List<MetricSnapshot> snapshots, boolean commit) {
        Map<String, Object> config = KAFKA.kit().producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTestKit.uniqueGroup("dashboard-it-tx"));
        try (KafkaProducer<String, MetricSnapshot> producer =
                new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            snapshots.forEach(s -> producer.send(record(topic, s)));
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void committed_snapshots_reach_the_store_and_the_api_and_aborted_or_bad_records_do_not() throws Exception {
        String topic = KafkaTestKit.uniqueTopic("metrics");
        KafkaTestKit kit = KAFKA.kit();
        kit.createTopic(topic, 1); // one partition: the records' order below is the order the feed sees

        // Before the feed starts: history it must read from the beginning.
        produceInTransaction(topic, List.of(
                snapshot("mmvp", null, "pair_accuracy", 0.5, 80, 0, "v1"),
                snapshot("mmvp", null, "pair_accuracy", 0.625, 80, 1, "v1")), true);

        MetricSeriesStore store = new MetricSeriesStore();
        try (Dashboard dashboard = Dashboard.start(kit.clientConfig(), topic, serde.deserializer(), store,
                DashboardConfig.localDefaults())) {
            MetricSnapshotFeed feed = dashboard.feed();
            await("history read", () -> feed.applied() == 2);

            // Live: an aborted transaction, a record that is not Avro, an invalid value, then good records.
            produceInTransaction(topic, List.of(snapshot("mmvp", null, "pair_accuracy", 0.0, 1, 2, "v1")), false);
            kit.produce(new StringSerializer(), new ByteArraySerializer(),
                    List.of(new ProducerRecord<>(topic, "garbage", "not avro".getBytes(StandardCharsets.UTF_8))));
            produceInTransaction(topic, List.of(snapshot("blink", "counting", "accuracy", Double.NaN, 0, 2, "v1")), true);
            produceInTransaction(topic, List.of(
                    snapshot("mmvp", null, "pair_accuracy", 0.75, 80, 2, "v1"),
                    snapshot("blink", "counting", "accuracy", 0.8125, 64, 2, "v2")), true);
            await("live records read", () -> feed.applied() == 4);

            assertThat(feed.skipped()).as("the non-Avro and the NaN record").isEqualTo(2);
            assertThat(feed.isRunning()).isTrue();
            assertThat(feed.failure()).isEmpty();
            SeriesKey mmvp = new SeriesKey("mmvp", null, "pair_accuracy", "tiny-sdxl", "v1");
            SeriesKey blink = new SeriesKey("blink", "counting", "accuracy", "tiny-sdxl", "v2");
            SeriesUpdate all = store.all();
            assertThat(all.series()).extracting(Series::key).containsExactly(blink, mmvp);
            assertThat(all.series().get(1).samples()).extracting(Sample::value).containsExactly(0.5, 0.625, 0.75);
            assertThat(all.series().get(0).samples()).containsExactly(new Sample(
                    DashboardFixtures.T0 + 2 * DashboardFixtures.MINUTE, DashboardFixtures.T0 + 3 * DashboardFixtures.MINUTE,
                    0.8125, 64, 4));

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(dashboard.url() + "api/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("benchmarks")).extracting(b -> b.get("name").asText()).containsExactly("blink", "mmvp");
            JsonNode blinkSeries = body.get("benchmarks").get(0).get("series").get(0);
            assertThat(blinkSeries.get("version").asText()).isEqualTo("tiny-sdxl@v2");
            assertThat(blinkSeries.get("samples").get(0).get("value").asDouble()).isEqualTo(0.8125);

            // And in the browser, when there is one.
            HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
            assumeTrue(chromium != null, "Chromium not installed: skipping the browser part of the end-to-end test");
            String dom = chromium.dumpDom(dashboard.url(), 5_000);
            assertThat(dom).contains("data-series=\"" + blink.id() + "\" data-value=\"0.8125\">0.8125<");
            assertThat(dom).contains("u-value\">0.7500<");
        }
    }
}
