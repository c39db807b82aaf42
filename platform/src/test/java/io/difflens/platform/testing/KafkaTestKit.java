package io.difflens.platform.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Small helpers for tests that talk to a Kafka broker: unique names, topic creation, producing, and
 * reading everything committed. Works with any bootstrap (the embedded broker, a Testcontainers broker).
 *
 * <p>Consumers made here read with {@code isolation.level=read_committed}, so aborted transactional
 * records are never seen by an assertion.
 */
public final class KafkaTestKit {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;

    private KafkaTestKit(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank, was '" + bootstrapServers + "'");
        }
        this.bootstrapServers = bootstrapServers;
    }

    /** A kit for the broker(s) at {@code bootstrapServers}. */
    public static KafkaTestKit connect(String bootstrapServers) {
        return new KafkaTestKit(bootstrapServers);
    }

    /** The {@code bootstrap.servers} value. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A topic name no other test in this JVM (or an earlier run on a kept data dir) uses. */
    public static String uniqueTopic(String prefix) {
        return uniqueName(prefix);
    }

    /** A consumer-group id no other test uses. */
    public static String uniqueGroup(String prefix) {
        return uniqueName(prefix);
    }

    private static String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Base client settings (bootstrap only); add security settings here if a test broker needs them. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return c;
    }

    /** Producer settings: idempotent, {@code acks=all}. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // On a loaded test machine a request can outlive the default 30 s timeout; a resend of the same batch has
        // then been seen to be refused as out of sequence until delivery timed out. Wait instead of resending.
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 240_000);
        // One request in flight per connection: right after a broker starts, a retried batch next to a second
        // in-flight batch of the same partition was refused as out of sequence (seq 0 against an end of 6) on
        // every resend until delivery timed out. Test publishing needs order and certainty, not pipelining.
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return c;
    }

    /** Consumer settings for {@code groupId}: read_committed, from the earliest offset, no auto-commit. */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientConfig());
    }

    /** Creates a topic with {@code partitions} partitions and replication factor 1, and waits for it. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with the given topic configs (e.g. {@code cleanup.policy}), and waits for it. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        // The controller acknowledges creation before every broker's metadata cache has the topic: wait until
        // clients can see it, so the next admin or client call does not race the propagation.
        Eventually.until(() -> topicNames().contains(name), ADMIN_TIMEOUT,
                () -> "topic " + name + " to become visible to clients");
    }

    /** Names of all topics visible to clients. */
    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    /** Produces string records and waits until each is acknowledged. */
    public void produce(Collection<ProducerRecord<String, String>> records) {
        produce(new StringSerializer(), new StringSerializer(), records);
    }

    /** Produces one string record to {@code topic} and waits until it is acknowledged. */
    public void produce(String topic, String key, String value) {
        produce(List.of(new ProducerRecord<>(topic, key, value)));
    }

    /** Produces records with the given serializers and waits until each is acknowledged. */
    public <K, V> void produce(Serializer<K> keySerializer, Serializer<V> valueSerializer,
                               Collection<ProducerRecord<K, V>> records) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(producerConfig(), keySerializer, valueSerializer)) {
            var futures = records.stream().map(producer::send).collect(Collectors.toList());
            producer.flush();
            for (var f : futures) {
                f.get(240_000 + ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // past the delivery timeout
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce", e);
        }
    }

    /**
     * Reads, with read_committed, every record of {@code topic} that is committed now: from the start of
     * every partition up to its last stable offset. Needs no consumer group and no expected count, so a
     * test can assert there is nothing extra (no duplicates).
     *
     * @param timeout how long to wait for the records below the last stable offset to arrive
     */
    public <K, V> List<ConsumerRecord<K, V>> readCommitted(String topic, Deserializer<K> keyDeserializer,
                                                           Deserializer<V> valueDeserializer, Duration timeout) {
        return readAll(topic, "read_committed", keyDeserializer, valueDeserializer, timeout);
    }

    /**
     * Reads with read_uncommitted every record of {@code topic} up to its high watermark, including
     * records of open and aborted transactions (to show that a transaction did write before it failed).
     */
    public List<ConsumerRecord<byte[], byte[]>> readUncommittedBytes(String topic, Duration timeout) {
        return readAll(topic, "read_uncommitted", new ByteArrayDeserializer(), new ByteArrayDeserializer(), timeout);
    }

    private <K, V> List<ConsumerRecord<K, V>> readAll(String topic, String isolation, Deserializer<K> keyDeserializer,
                                                      Deserializer<V> valueDeserializer, Duration timeout) {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(c, keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed, endOffsets are the last stable offsets: everything before is decided;
            // with read_uncommitted they are the high watermarks.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<K, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end offsets " + end + " of " + topic
                            + " within " + timeout + "; read " + out.size() + " records");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    /** {@link #readCommitted(String, Deserializer, Deserializer, Duration)} with string keys and values. */
    public List<ConsumerRecord<String, String>> readCommittedStrings(String topic, Duration timeout) {
        return readCommitted(topic, new StringDeserializer(), new StringDeserializer(), timeout);
    }

    /** {@link #readCommitted(String, Deserializer, Deserializer, Duration)} with raw bytes. */
    public List<ConsumerRecord<byte[], byte[]>> readCommittedBytes(String topic, Duration timeout) {
        return readCommitted(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), timeout);
    }

    /**
     * Waits until at least {@code count} committed records are in {@code topic}, then returns all the
     * committed records (which may be more than {@code count}: assert on that to find duplicates).
     */
    public <K, V> List<ConsumerRecord<K, V>> awaitCommitted(String topic, int count, Deserializer<K> keyDeserializer,
                                                            Deserializer<V> valueDeserializer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<K, V>> all = readCommitted(topic, keyDeserializer, valueDeserializer, timeout);
            if (all.size() >= count) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected at least " + count + " committed records in " + topic
                        + " within " + timeout + " but found " + all.size());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for records in " + topic, e);
            }
        }
    }

    /** {@link #awaitCommitted(String, int, Deserializer, Deserializer, Duration)} with strings. */
    public List<ConsumerRecord<String, String>> awaitCommittedStrings(String topic, int count, Duration timeout) {
        return awaitCommitted(topic, count, new StringDeserializer(), new StringDeserializer(), timeout);
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
