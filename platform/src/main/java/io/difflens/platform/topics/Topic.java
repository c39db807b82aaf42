package io.difflens.platform.topics;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

/**
 * A typed handle on a Kafka topic: its full name and how its keys and values are (de)serialised.
 * Built from configuration (see {@link TopicCatalog#topic}), never from string literals in code.
 *
 * @param name       the full topic name, prefix included
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** Validates that the name is a legal Kafka topic name and both serdes are present. */
    public Topic {
        TopicSpec.requireLegalName(name);
        Objects.requireNonNull(keySerde, () -> "keySerde of topic " + name);
        Objects.requireNonNull(valueSerde, () -> "valueSerde of topic " + name);
    }

    /** A copy with another value serde (e.g. raw bytes for a dead-letter-safe reader). */
    public <W> Topic<K, W> withValueSerde(Serde<W> serde) {
        return new Topic<>(name, keySerde, serde);
    }

    /** A copy with another key serde. */
    public <J> Topic<J, V> withKeySerde(Serde<J> serde) {
        return new Topic<>(name, serde, valueSerde);
    }
}
