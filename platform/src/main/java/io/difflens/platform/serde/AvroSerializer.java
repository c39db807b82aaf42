package io.difflens.platform.serde;

import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.registry.RegisteredSchema;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.registry.SchemaRegistryException;
import io.difflens.platform.serde.internal.GrowableBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific or generic records in the Confluent wire format, byte-for-byte as Confluent's
 * {@code KafkaAvroSerializer} does. The schema registered (or looked up) is the record's schema exactly as
 * generated; with {@code use.latest.version} the subject's latest schema is the writer schema instead, and
 * the record is converted to it by Avro schema resolution when the two differ.
 *
 * <p>Kafka may instantiate it by class name (then {@link #configure} reads {@code schema.registry.url} and
 * the other Confluent keys), or it can be built around a shared {@link SchemaRegistryClient}.
 *
 * @param <T> record type: a generated class, or {@code GenericRecord} / any {@link GenericContainer}
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;

    /** The writer schema, its id and how to encode into it, per (topic, record schema). */
    private final Map<TopicSchema, Target> targets = new ConcurrentHashMap<>();

    private record TopicSchema(String topic, Schema schema) {}

    private record Target(int id, Schema writerSchema, DatumWriter<Object> writer, boolean convert) {}

    /** For Kafka's reflective instantiation; {@link #configure} must follow. */
    public AvroSerializer() {}

    /** Around a shared client; {@link #configure} may still follow to read the serde keys. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.client = client;
        this.config = config;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        this.isKey = key;
        this.config = AvroSerdeConfig.fromConfigs(configs, client == null);
        if (client == null) {
            client = new HttpSchemaRegistryClient(config.registry().orElseThrow());
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null || config == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = data.getSchema();
        Target target = targets.get(new TopicSchema(topic, schema));
        if (target == null) {
            target = resolve(topic, schema, data);
        }
        try {
            Object datum = target.convert() ? convert(data, target.writerSchema()) : data;
            GrowableBuffer out = new GrowableBuffer(1024);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            target.writer().write(datum, encoder);
            encoder.flush();
            return out.toWireFormat(target.id());
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + target.id() + ": " + e.getMessage(), e);
        }
    }

    private Target resolve(String topic, Schema schema, T data) {
        String subject = config.strategy(isKey).subject(topic, isKey, schema);
        try {
            Target target;
            if (config.useLatestVersion()) {
                RegisteredSchema latest = client.latest(subject);
                boolean same = latest.schema().toString().equals(schema.toString());
                target = new Target(latest.id(), latest.schema(),
                        same ? writerFor(latest.schema(), data) : new GenericDatumWriter<>(latest.schema()), !same);
            } else {
                int id = config.autoRegister() ? client.register(subject, schema) : client.lookup(subject, schema).id();
                target = new Target(id, schema, writerFor(schema, data), false);
            }
            targets.put(new TopicSchema(topic, schema), target);
            return target;
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot get a schema id for subject " + subject + " (topic " + topic
                    + ", auto.register.schemas=" + config.autoRegister() + ", use.latest.version="
                    + config.useLatestVersion() + "): " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, GenericContainer data) {
        if (data instanceof SpecificRecord) {
            // The class's own model carries its logical-type conversions (timestamp-millis <-> Instant).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
        }
        return (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema);
    }

    /** Re-expresses {@code data} in {@code writerSchema} through Avro's schema resolution. */
    private static Object convert(GenericContainer data, Schema writerSchema) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writerFor(data.getSchema(), data).write(data, encoder);
        encoder.flush();
        return new GenericDatumReader<>(data.getSchema(), writerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
