package io.difflens.featureextractor;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.schemas.AdapterRelease;
import io.difflens.schemas.AdapterStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code model.adapters} topic from its beginning and keeps the bundle's active LoRA
 * adapter up to date: a {@code PROMOTED} release for this bundle is loaded into the bundle and becomes
 * {@link #current()}; a later {@code RETIRED} or {@code REJECTED} status of the active version reverts to
 * the base weights. Processing threads read {@link #current()} once per batch, so a swap happens between
 * batches and never inside one.
 *
 * <p>Reads without a consumer group (every instance must see every release) and {@code read_committed}.
 * A release that cannot be loaded (wrong base, bad payload) is logged and skipped; the active adapter stays.
 */
public final class AdapterFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<AdapterRelease> releases;
    private final String topic;
    private final ModelBundle bundle;
    private final AtomicReference<Optional<ActiveAdapter>> current = new AtomicReference<>(Optional.empty());
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private AdapterFollower(KafkaClientConfig kafka, String topic, SchemaRegistryClient registry, ModelBundle bundle) {
        Map<String, Object> props = new HashMap<>(kafka.consumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.releases = new AvroDeserializer<>(registry, AdapterRelease.class);
        this.topic = topic;
        this.bundle = bundle;
        this.thread = new Thread(this::run, "difflens-adapter-follower");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic} for {@code bundle}. */
    public static AdapterFollower start(KafkaClientConfig kafka, String topic, SchemaRegistryClient registry,
                                        ModelBundle bundle) {
        AdapterFollower f = new AdapterFollower(kafka, topic, registry, bundle);
        f.thread.start();
        return f;
    }

    /** The adapter to apply to the next batch, or empty for the base weights. */
    public Optional<ActiveAdapter> current() {
        return current.get();
    }

    /** How many releases were applied (swaps and reverts) so far. */
    public long appliedReleases() {
        return applied.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("adapter follower on {} stopped; serving with {}", topic, current.get(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone deletes the history of an adapter id; the active adapter stays loaded
        }
        AdapterRelease release;
        try {
            release = releases.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping undecodable adapter release at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.toString());
            return;
        }
        if (!release.getBaseBundle().equals(bundle.config().id())) {
            LOG.debug("skipping adapter {}@{} for bundle {}", release.getAdapterId(), release.getVersion(),
                    release.getBaseBundle());
            return;
        }
        ActiveAdapter adapter = ActiveAdapter.of(release.getAdapterId(), release.getVersion());
        if (release.getStatus() == AdapterStatus.PROMOTED) {
            try {
                if (!bundle.adapters().names().contains(adapter.name())) {
                    load(adapter, release);
                }
                current.set(Optional.of(adapter));
                applied.incrementAndGet();
                LOG.info("serving adapter {} from the next batch on", adapter.name());
            } catch (RuntimeException | IOException e) {
                LOG.error("cannot load adapter {}; keeping {}", adapter.name(), current.get(), e);
            }
        } else if (release.getStatus() == AdapterStatus.RETIRED || release.getStatus() == AdapterStatus.REJECTED) {
            if (current.get().filter(adapter::equals).isPresent()) {
                current.set(Optional.empty());
                applied.incrementAndGet();
                LOG.info("adapter {} is {}: back to the base weights", adapter.name(), release.getStatus());
            }
        }
    }

    private void load(ActiveAdapter adapter, AdapterRelease release) throws IOException {
        ByteBuffer payload = release.getPayload();
        Path file;
        boolean temporary = payload != null;
        if (payload != null) {
            file = Files.createTempFile("difflens-adapter-", ".safetensors");
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            Files.write(file, bytes);
        } else if (release.getPayloadUri() != null && release.getPayloadUri().startsWith("file:")) {
            file = Path.of(URI.create(release.getPayloadUri()));
        } else {
            throw new IOException("adapter " + adapter.name() + " has no inline payload and no file: URI ("
                    + release.getPayloadUri() + ")");
        }
        try {
            bundle.addAdapter(adapter.name(), file);
        } finally {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Stops following; the active adapter stays loaded in the bundle. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
