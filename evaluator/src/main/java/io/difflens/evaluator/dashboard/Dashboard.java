package io.difflens.evaluator.dashboard;

import io.difflens.schemas.MetricSnapshot;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The whole dashboard of a running evaluator: a {@link MetricSeriesStore}, the {@link MetricSnapshotFeed}
 * that fills it from the metrics topic, and a {@link DashboardServer} that serves it. Closing it stops the
 * server, then the feed.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(kafkaClientProperties, "difflens.metrics",
 *         metricSnapshotSerde.deserializer(), new MetricSeriesStore(), DashboardConfig.localDefaults().withPort(8080))) {
 *     System.out.println("dashboard at " + dashboard.url());
 *     ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

    private final MetricSeriesStore store;
    private final MetricSnapshotFeed feed;
    private final DashboardServer server;

    private Dashboard(MetricSeriesStore store, MetricSnapshotFeed feed, DashboardServer server) {
        this.store = store;
        this.feed = feed;
        this.server = server;
    }

    /**
     * Starts the feed, then the server.
     *
     * @param kafkaClientProperties bootstrap servers and any security settings for the consumer
     * @param metricsTopic          full name of the metrics topic (prefix included)
     * @param valueDeserializer     the platform's Avro deserializer of {@code MetricSnapshot}
     * @param store                 where the series are kept (its bounds are the caller's choice)
     * @param config                how to serve
     */
    public static Dashboard start(Map<String, Object> kafkaClientProperties, String metricsTopic,
            Deserializer<MetricSnapshot> valueDeserializer, MetricSeriesStore store, DashboardConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        MetricSnapshotFeed feed = MetricSnapshotFeed.start(kafkaClientProperties, metricsTopic, valueDeserializer, store);
        try {
            return new Dashboard(store, feed, DashboardServer.start(store, config));
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /** The series being served. */
    public MetricSeriesStore store() {
        return store;
    }

    /** The consumer loop filling the store (its counters and health). */
    public MetricSnapshotFeed feed() {
        return feed;
    }

    /** Base URL of the page. */
    public String url() {
        return server.url();
    }

    /** The bound HTTP port. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            feed.close();
        }
    }
}
