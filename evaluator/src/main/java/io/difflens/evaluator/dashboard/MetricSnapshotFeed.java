package io.difflens.evaluator.dashboard;

import io.difflens.schemas.MetricSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link MetricSeriesStore} from the {@code metrics} topic: a consumer loop on a daemon thread that
 * reads every committed {@link MetricSnapshot} from the beginning of the topic.
 *
 * <p>Each feed uses its own, never-committed consumer group, so every dashboard instance rebuilds its whole
 * history from the topic at start and no instance steals partitions from another. Records that cannot be
 * decoded or that hold invalid values (a NaN metric, a window ending before it starts) are logged,
 * counted and skipped: the dashboard is a reader and must not stop on someone else's bad record.
 */
public final class MetricSnapshotFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricSnapshotFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<byte[], MetricSnapshot> consumer;
    private final String topic;
    private final MetricSeriesStore store;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;

    private MetricSnapshotFeed(Consumer<byte[], MetricSnapshot> consumer, String topic, MetricSeriesStore store) {
        this.consumer = consumer;
        this.topic = topic;
        this.store = store;
        this.thread = new Thread(this::run, "dashboard-feed-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a feed with a consumer built from {@code clientProperties} (bootstrap servers and any security
     * settings), overriding what the feed depends on: {@code read_committed}, earliest offsets, no commits,
     * a fresh group id.
     *
     * @param valueDeserializer decodes {@code MetricSnapshot} values (the platform's registry-aware Avro serde)
     */
    public static MetricSnapshotFeed start(Map<String, Object> clientProperties, String topic,
            Deserializer<MetricSnapshot> valueDeserializer, MetricSeriesStore store) {
        Map<String, Object> props = consumerProperties(clientProperties);
        return start(() -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), valueDeserializer), topic, store);
    }

    /** Starts a feed with a consumer from {@code consumerFactory} (a seam for tests and custom clients). */
    public static MetricSnapshotFeed start(Supplier<Consumer<byte[], MetricSnapshot>> consumerFactory, String topic,
            MetricSeriesStore store) {
        Objects.requireNonNull(topic, "topic must not be null");
        Objects.requireNonNull(store, "store must not be null");
        MetricSnapshotFeed feed = new MetricSnapshotFeed(consumerFactory.get(), topic, store);
        feed.thread.start();
        return feed;
    }

    /** The consumer settings the feed relies on, on top of {@code clientProperties}. */
    static Map<String, Object> consumerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "difflens-dashboard-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** Converts a snapshot to a store point; throws {@link IllegalArgumentException} on invalid values. */
    public static MetricPoint toPoint(MetricSnapshot snapshot) {
        return MetricPoint.of(snapshot.getBenchmark(), snapshot.getCategory(), snapshot.getMetric(),
                snapshot.getBundleId(), snapshot.getAdapterVersion(), snapshot.getValue(), snapshot.getCount(),
                snapshot.getWindowStart().toEpochMilli(), snapshot.getWindowEnd().toEpochMilli());
    }

    /** Snapshots applied to the store so far. */
    public long applied() {
        return applied.get();
    }

    /** Records skipped so far (undecodable or invalid). */
    public long skipped() {
        return skipped.get();
    }

    /** Whether the consumer loop is still running (false after {@link #close()} or a fatal error). */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    /** The error that stopped the loop, if one did (e.g. an authorization failure); for health checks. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], MetricSnapshot> records;
                try {
                    records = consumer.poll(POLL);
                } catch (RecordDeserializationException e) {
                    skipped.incrementAndGet();
                    LOG.warn("skipping undecodable record at {}-{} offset {}: {}", topic, e.topicPartition().partition(),
                            e.offset(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<byte[], MetricSnapshot> record : records) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("metrics feed woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("metrics feed on {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<byte[], MetricSnapshot> record) {
        if (record.value() == null) {
            return; // a tombstone carries no metric
        }
        try {
            store.add(toPoint(record.value()));
            applied.incrementAndGet();
        } catch (IllegalArgumentException | NullPointerException e) {
            skipped.incrementAndGet();
            LOG.warn("skipping invalid metric snapshot at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /** Stops the loop and closes the consumer; waits up to ten seconds. */
    @Override
    public void close() {
        if (!isRunning()) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                LOG.warn("metrics feed on {} did not stop within 10 s", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
