package io.difflens.trainer.online.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.AdapterRelease;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The newest release of one adapter on the compacted {@code model.adapters} topic, read once at start (no
 * consumer group, read_committed, up to the end offsets), so a restarted trainer continues the version
 * numbers, and the weights, where it left off.
 */
public final class ReleaseHistory {

    private ReleaseHistory() {
    }

    /** The release of {@code adapterId} for {@code bundleId} with the highest numeric version, if any. */
    public static Optional<AdapterRelease> latest(KafkaClientConfig kafka, String topic,
                                                  AvroDeserializer<AdapterRelease> releases, String adapterId,
                                                  String bundleId, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafka.consumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
        AdapterRelease best = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!adapterId.equals(r.key()) || r.value() == null) {
                        continue;
                    }
                    AdapterRelease release = releases.deserialize(r.topic(), r.value());
                    if (release.getBaseBundle().equals(bundleId) && number(release) >= 0
                            && (best == null || number(release) > number(best))) {
                        best = release;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The numeric version, or -1 for versions this trainer did not write. */
    public static long number(AdapterRelease r) {
        try {
            return Long.parseLong(r.getVersion());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
