package io.difflens.platform.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.difflens.platform.config.ConfigValues;
import org.apache.kafka.common.serialization.Serde;

/**
 * The specs of every {@link EventTopic}, under one name prefix, built from configuration. Immutable.
 *
 * <p>Keys: {@code topics.prefix} (default {@code difflens.}), {@code topics.partitions} (default 4),
 * {@code topics.replication.factor} (default 1), and per topic {@code topics.<suffix>.partitions},
 * {@code .retention} (a duration, or {@code forever}), {@code .cleanup.policy}, {@code .max.message.bytes},
 * {@code .compression}; e.g. {@code topics.vqa.features.partitions=12}.
 *
 * @param prefix prepended to every topic's suffix
 * @param specs  one spec per event topic
 */
public record TopicCatalog(String prefix, Map<EventTopic, TopicSpec> specs) {

    /** The default name prefix. */
    public static final String DEFAULT_PREFIX = "difflens.";
    /** Default partition count of every topic. */
    public static final int DEFAULT_PARTITIONS = 4;

    /** Requires a spec for every event topic, named prefix + suffix. */
    public TopicCatalog {
        Objects.requireNonNull(prefix, "topics.prefix");
        Map<EventTopic, TopicSpec> copy = new EnumMap<>(EventTopic.class);
        copy.putAll(specs);
        for (EventTopic t : EventTopic.values()) {
            TopicSpec s = copy.get(t);
            if (s == null) {
                throw new IllegalArgumentException("topic catalog lacks a spec for " + t.suffix());
            }
            if (!s.name().equals(prefix + t.suffix())) {
                throw new IllegalArgumentException("spec for " + t.suffix() + " is named " + s.name()
                        + ", expected " + prefix + t.suffix());
            }
        }
        specs = Collections.unmodifiableMap(copy);
    }

    /** Every topic with its defaults under {@code prefix}, {@code partitions} partitions, replication 1. */
    public static TopicCatalog defaults(String prefix, int partitions) {
        Map<EventTopic, TopicSpec> m = new EnumMap<>(EventTopic.class);
        for (EventTopic t : EventTopic.values()) {
            m.put(t, defaultSpec(prefix, t, partitions, (short) 1));
        }
        return new TopicCatalog(prefix, m);
    }

    /** Reads {@code topics.*}; see the class comment for the keys. */
    public static TopicCatalog from(ConfigValues values) {
        String prefix = values.string("topics.prefix", DEFAULT_PREFIX);
        int partitions = values.integer("topics.partitions", DEFAULT_PARTITIONS, 1, 100_000);
        short replication = (short) values.integer("topics.replication.factor", 1, 1, Short.MAX_VALUE);
        Map<EventTopic, TopicSpec> m = new EnumMap<>(EventTopic.class);
        for (EventTopic t : EventTopic.values()) {
            TopicSpec d = defaultSpec(prefix, t, partitions, replication);
            String k = "topics." + t.suffix() + ".";
            Duration retention = values.get(k + "retention").filter(v -> v.trim().equalsIgnoreCase("forever"))
                    .isPresent() ? TopicSpec.FOREVER : values.duration(k + "retention", d.retention());
            if (retention.isZero()) {
                throw values.invalid(k + "retention", "must be positive or 'forever'");
            }
            CleanupPolicy policy = d.cleanupPolicy();
            if (values.get(k + "cleanup.policy").isPresent()) {
                try {
                    policy = CleanupPolicy.fromConfigValue(values.get(k + "cleanup.policy").get());
                } catch (IllegalArgumentException e) {
                    throw values.invalid(k + "cleanup.policy", "must be delete, compact or compact,delete");
                }
            }
            Compression compression = d.compression();
            if (values.get(k + "compression").isPresent()) {
                try {
                    compression = Compression.fromConfigValue(values.get(k + "compression").get());
                } catch (IllegalArgumentException e) {
                    throw values.invalid(k + "compression", "must be producer, uncompressed, gzip, snappy, lz4 or zstd");
                }
            }
            m.put(t, new TopicSpec(d.name(), values.integer(k + "partitions", d.partitions(), 1, 100_000),
                    replication, retention, policy,
                    values.integer(k + "max.message.bytes", d.maxMessageBytes(), 1024, Integer.MAX_VALUE),
                    compression));
        }
        return new TopicCatalog(prefix, m);
    }

    private static TopicSpec defaultSpec(String prefix, EventTopic t, int partitions, short replication) {
        return new TopicSpec(prefix + t.suffix(), partitions, replication, t.defaultRetention(),
                t.defaultCleanupPolicy(), t.defaultMaxMessageBytes(), t.defaultCompression());
    }

    /** The spec of {@code topic}. */
    public TopicSpec spec(EventTopic topic) {
        return specs.get(topic);
    }

    /** The full name of {@code topic}. */
    public String name(EventTopic topic) {
        return specs.get(topic).name();
    }

    /** All specs, in {@link EventTopic} order. */
    public List<TopicSpec> all() {
        return List.copyOf(new ArrayList<>(specs.values()));
    }

    /** A typed handle on {@code topic}. */
    public <K, V> Topic<K, V> topic(EventTopic topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new Topic<>(name(topic), keySerde, valueSerde);
    }
}
