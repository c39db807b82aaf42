package io.difflens.evaluator.service;

import io.difflens.evaluator.dashboard.DashboardConfig;
import io.difflens.evaluator.dashboard.DashboardRoutes;
import io.difflens.evaluator.dashboard.MetricSeriesStore;
import io.difflens.evaluator.dashboard.MetricSnapshotFeed;
import io.difflens.evaluator.service.internal.DashboardSnapshots;
import io.difflens.evaluator.service.internal.EvaluatorHttp;
import io.difflens.evaluator.service.internal.MetricGauges;
import io.difflens.evaluator.streams.EvaluatorConfig;
import io.difflens.evaluator.streams.EvaluatorTopology;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.Secret;
import io.difflens.platform.lifecycle.Resources;
import io.difflens.platform.observability.Health;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.Topic;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.platform.topics.TopicProvisioner;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running evaluator: the Kafka Streams app of {@link EvaluatorTopology} (exactly-once v2), the dashboard
 * store fed from the {@code metrics} topic, the latest metrics as Prometheus gauges, and one HTTP port:
 * <ul>
 *   <li>{@code /} — the dashboard page; {@code /api/metrics} — its data (see DASHBOARD.md);</li>
 *   <li>{@code /health} — 200 when the Streams app is RUNNING and the metrics feed is alive, 503 otherwise;</li>
 *   <li>{@code /metrics} — the Prometheus scrape: {@code difflens_evaluator_metric} and
 *       {@code difflens_evaluator_metric_count} per benchmark × category × metric × bundle × adapter, plus
 *       Kafka Streams' own metrics.</li>
 * </ul>
 * What {@code difflens serve evaluator} runs; tests start it against the embedded broker and registry.
 */
public final class EvaluatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorService.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources;
    private final KafkaStreams streams;
    private final MetricSnapshotFeed feed;
    private final MetricSeriesStore store;
    private final MetricGauges gauges;
    private final EvaluatorHttp http;

    private EvaluatorService(List<AutoCloseable> resources, KafkaStreams streams, MetricSnapshotFeed feed,
            MetricSeriesStore store, MetricGauges gauges, EvaluatorHttp http) {
        this.resources = resources;
        this.streams = streams;
        this.feed = feed;
        this.store = store;
        this.gauges = gauges;
        this.http = http;
    }

    /**
     * Creates missing topics (when configured), starts the Streams app, the metrics feed and the HTTP
     * server; returns once the port is bound (the Streams app may still be rebalancing: see {@link #state()}).
     */
    public static EvaluatorService start(PlatformConfig platform, EvaluatorServiceConfig config) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            TopicCatalog topics = platform.topics();
            if (config.createTopics()) {
                createMissingTopics(platform);
            }
            SchemaRegistryClient registry = RegistryClients.from(platform.registry());
            opened.add(registry);
            EvaluatorConfig topology = new EvaluatorConfig(
                    topic(topics, EventTopic.VQA_ANSWERS, VqaAnswer.class, registry),
                    topic(topics, EventTopic.ITM_SCORES, ItmScores.class, registry),
                    topic(topics, EventTopic.VQA_LABELS, Label.class, registry),
                    topic(topics, EventTopic.METRICS, MetricSnapshot.class, registry),
                    config.joinRetention(), config.window(), config.advance(), config.grace());

            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            opened.add(meters::close);
            MetricSeriesStore store = new MetricSeriesStore();
            MetricSnapshotFeed feed = MetricSnapshotFeed.start(platform.kafka().consumerProperties(),
                    topics.name(EventTopic.METRICS),
                    new DashboardSnapshots(serde(MetricSnapshot.class, registry).deserializer(), Clock.systemUTC()),
                    store);
            opened.add(feed);

            KafkaStreams streams = new KafkaStreams(EvaluatorTopology.buildTopology(topology),
                    streamsProperties(platform, config));
            opened.add(() -> streams.close(Duration.ofSeconds(30)));
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(meters);
            opened.add(streamsMetrics);
            streams.setStateListener((now, before) -> LOG.info("evaluator streams {} -> {}", before, now));
            streams.start();

            MetricGauges gauges = new MetricGauges(meters, store);
            Secret token = config.bearerToken().orElse(null);
            DashboardConfig dashboard = new DashboardConfig(config.host(), config.httpPort(),
                    token == null ? null : token.reveal(), DashboardConfig.DEFAULT_POLL_INTERVAL);
            EvaluatorHttp http = new EvaluatorHttp(config.host(), config.httpPort(), config.bearerToken(),
                    new DashboardRoutes(store, dashboard),
                    Map.of("streams", () -> streamsHealth(streams), "metrics-feed", () -> feedHealth(feed)),
                    meters, gauges::refresh);
            opened.add(http);
            return new EvaluatorService(opened, streams, feed, store, gauges, http);
        } catch (RuntimeException e) {
            Resources.closeInReverse(opened);
            throw e;
        }
    }

    /**
     * The Kafka Streams properties: defaults, then the {@code kafka.common.*} and {@code kafka.streams.*}
     * pass-through, then what the evaluator relies on (application id, bootstrap, exactly-once v2, state
     * directory, commit interval), which the pass-through cannot override.
     */
    static Properties streamsProperties(PlatformConfig platform, EvaluatorServiceConfig config) {
        Properties p = new Properties();
        // a record the serde cannot read is logged and skipped (and counted in Streams' skipped-records
        // metric) instead of stopping every metric; kafka.streams.* may choose another handler
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.putAll(platform.kafka().streamsProperties());
        p.putAll(EvaluatorTopology.streamsProperties(config.applicationId(), platform.kafka().bootstrapServers()));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        config.stateDir().ifPresent(dir -> p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        return p;
    }

    private static void createMissingTopics(PlatformConfig platform) {
        try (Admin admin = Admin.create(platform.kafka().adminProperties())) {
            List<String> created = new TopicProvisioner(admin, ADMIN_TIMEOUT).createMissing(
                    Stream.of(EventTopic.VQA_ANSWERS, EventTopic.VQA_LABELS, EventTopic.ITM_SCORES, EventTopic.METRICS)
                            .map(platform.topics()::spec).toList());
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
    }

    private static <V extends SpecificRecord & org.apache.avro.generic.GenericContainer> Topic<String, V> topic(
            TopicCatalog topics, EventTopic t, Class<V> type, SchemaRegistryClient registry) {
        return topics.topic(t, Serdes.String(), serde(type, registry));
    }

    private static <V extends SpecificRecord & org.apache.avro.generic.GenericContainer> AvroSerde<V> serde(
            Class<V> type, SchemaRegistryClient registry) {
        return AvroSerde.specific(type, registry, AvroSerdeConfig.defaults(), false);
    }

    static Health streamsHealth(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? Health.up(state.name()) : Health.down(state.name());
    }

    static Health feedHealth(MetricSnapshotFeed feed) {
        String counts = feed.applied() + " applied, " + feed.skipped() + " skipped";
        if (feed.isRunning()) {
            return Health.up(counts);
        }
        return Health.down(feed.failure().map(t -> "stopped: " + t).orElse("stopped") + "; " + counts);
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /**
     * Base URL of the dashboard, e.g. {@code http://127.0.0.1:8080/}; a server bound to every interface is
     * shown as {@code localhost} (the bound wildcard address is not something to open).
     */
    public String url() {
        String host = http.host();
        boolean wildcard = host.equals("0.0.0.0") || host.replace(":", "").replace("0", "").isEmpty();
        return "http://" + (wildcard ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/";
    }

    /** The Kafka Streams app's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Every health check, run now. */
    public Map<String, Health> health() {
        return http.checkAll();
    }

    /** The series the dashboard serves. */
    public MetricSeriesStore store() {
        return store;
    }

    /** The consumer loop filling the store. */
    public MetricSnapshotFeed feed() {
        return feed;
    }

    /** Brings the Prometheus gauges up to date now (a scrape does this itself). */
    public void refreshGauges() {
        gauges.refresh();
    }

    /** Stops serving, then the Streams app, then the feed. */
    @Override
    public void close() {
        Resources.closeInReverse(resources);
    }
}
