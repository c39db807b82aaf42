package io.difflens.platform.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.TopicConfig;

/**
 * How a topic should look on the broker: what {@link TopicProvisioner} creates and verifies.
 *
 * @param name              full topic name
 * @param partitions        partition count (the unit of parallelism), at least 1
 * @param replicationFactor replicas per partition, at least 1
 * @param retention         how long records are kept; {@link #FOREVER} keeps them forever
 * @param cleanupPolicy     delete, compact or both
 * @param maxMessageBytes   largest record batch the topic accepts, at least 1024
 * @param compression       topic-level compression
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Duration retention,
                        CleanupPolicy cleanupPolicy, int maxMessageBytes, Compression compression) {

    /** Retention meaning "never delete by time" ({@code retention.ms=-1}). */
    public static final Duration FOREVER = Duration.ofMillis(-1);

    /** Kafka's own default {@code max.message.bytes} (1 MiB plus the record-batch overhead). */
    public static final int KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Validates every field; messages name the topic and the bad value. */
    public TopicSpec {
        requireLegalName(name);
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be >= 1, was "
                    + replicationFactor);
        }
        Objects.requireNonNull(retention, () -> "topic " + name + ": retention");
        if (!retention.equals(FOREVER) && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("topic " + name + ": retention must be positive or FOREVER, was "
                    + retention);
        }
        Objects.requireNonNull(cleanupPolicy, () -> "topic " + name + ": cleanupPolicy");
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("topic " + name + ": max.message.bytes must be >= 1024, was "
                    + maxMessageBytes);
        }
        Objects.requireNonNull(compression, () -> "topic " + name + ": compression");
    }

    /** The Kafka topic configs this spec sets. */
    public Map<String, String> topicConfigs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        c.put(TopicConfig.COMPRESSION_TYPE_CONFIG, compression.configValue());
        return Map.copyOf(c);
    }

    /** A copy with another partition count. */
    public TopicSpec withPartitions(int n) {
        return new TopicSpec(name, n, replicationFactor, retention, cleanupPolicy, maxMessageBytes, compression);
    }

    /** A copy with another name (same settings). */
    public TopicSpec withName(String n) {
        return new TopicSpec(n, partitions, replicationFactor, retention, cleanupPolicy, maxMessageBytes, compression);
    }

    static void requireLegalName(String name) {
        if (name == null || !LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("illegal topic name '" + name
                    + "': use 1-249 characters from [a-zA-Z0-9._-]");
        }
    }
}
