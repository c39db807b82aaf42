package io.difflens.platform.serde;

import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.registry.SchemaRegistryException;
import io.difflens.platform.serde.internal.WireFormat;
import io.difflens.schemas.AvroTrust;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro: the writer schema is fetched by the id in the header (and cached), the
 * reader schema is the target class's schema, so data written with an older or newer compatible schema
 * is resolved into the current class. Without a target class it returns {@code GenericRecord}s in the
 * writer's schema, or with {@code specific.avro.reader=true} the generated class the writer schema names.
 *
 * @param <T> the target type
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    static {
        AvroTrust.trustEventClasses();
    }

    private final Class<T> targetClass;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config = AvroSerdeConfig.defaults();
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation: generic (or per {@code specific.avro.reader}); configure next. */
    public AvroDeserializer() {
        this.targetClass = null;
    }

    /** Reads into {@code targetClass} (a generated class), or generic records when it is null. */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> targetClass) {
        this.client = client;
        this.targetClass = targetClass;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        config = AvroSerdeConfig.fromConfigs(configs, client == null);
        if (client == null) {
            client = new HttpSchemaRegistryClient(config.registry().orElseThrow());
            ownsClient = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.get(id);
        try {
            if (reader == null) {
                reader = readerFor(client.schemaById(id));
                readers.put(id, reader);
            }
            return reader.read(null, DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot resolve schema id " + id + " of a record of topic " + topic
                    + ": " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
            throw new SerializationException("cannot decode a record of topic " + topic + " written with schema id "
                    + id + (targetClass == null ? "" : " into " + targetClass.getName()) + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(Schema writer) {
        Class<?> target = targetClass;
        if (target == null && config.specificReader()) {
            target = SpecificData.get().getClass(writer);
            if (target == null) {
                throw new SerializationException("specific.avro.reader=true but no generated class named "
                        + writer.getFullName() + " is on the classpath");
            }
        }
        if (target == null) {
            return new GenericDatumReader<>(writer);
        }
        if (!SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException(target.getName() + " is not a generated Avro class");
        }
        SpecificData model = SpecificData.getForClass(target);
        return new SpecificDatumReader<>(writer, model.getSchema(target), model);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
