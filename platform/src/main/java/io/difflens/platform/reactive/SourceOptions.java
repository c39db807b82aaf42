package io.difflens.platform.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a {@link RecordSource} reads and how.
 *
 * @param consumerProperties Kafka consumer properties (bootstrap, group id, security...)
 * @param topics             topics to subscribe to
 * @param keyDeserializer    key deserializer
 * @param valueDeserializer  value deserializer
 * @param maxBufferedRecords records fetched ahead of demand before partitions are paused
 * @param pollTimeout        longest block of one poll
 * @param <K>                key type
 * @param <V>                value type
 */
public record SourceOptions<K, V>(Map<String, Object> consumerProperties, List<String> topics,
                                  Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                                  int maxBufferedRecords, Duration pollTimeout) {

    /** Validates and copies. */
    public SourceOptions {
        consumerProperties = Map.copyOf(consumerProperties);
        if (!consumerProperties.containsKey("group.id")) {
            throw new IllegalArgumentException("a record source needs group.id in its consumer properties, got keys "
                    + consumerProperties.keySet());
        }
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a record source needs at least one topic");
        }
        Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        if (maxBufferedRecords < 1) {
            throw new IllegalArgumentException("maxBufferedRecords must be >= 1, was " + maxBufferedRecords);
        }
        if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("pollTimeout must be positive, was " + pollTimeout);
        }
    }
}
