package io.difflens.platform.serde;

import io.difflens.platform.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} of Confluent wire-format Avro, for specific or generic records.
 *
 * <pre>{@code
 * Serde<VqaRequest> serde = AvroSerde.specific(VqaRequest.class, client, AvroSerdeConfig.defaults(), false);
 * }</pre>
 *
 * @param <T> record type
 */
public final class AvroSerde<T extends GenericContainer> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /**
     * For instantiation by class name (Kafka Streams' {@code default.value.serde}): a generic serde that
     * {@link #configure} connects to {@code schema.registry.url}; with {@code specific.avro.reader=true} it
     * reads generated classes.
     */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>());
    }

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A serde of the generated class {@code type} around a shared client. */
    public static <T extends SpecificRecord & GenericContainer> AvroSerde<T> specific(
            Class<T> type, SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey), new AvroDeserializer<>(client, type));
    }

    /** A serde of generic records (read in their writer's schema) around a shared client. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey), new AvroDeserializer<>(client, null));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
