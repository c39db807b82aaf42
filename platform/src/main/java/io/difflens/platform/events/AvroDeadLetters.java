package io.difflens.platform.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.difflens.platform.deadletter.DeadLetter;
import io.difflens.platform.serde.AvroSerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes the platform's {@link DeadLetter} as the {@code io.difflens.schemas.DeadLetter} Avro event, so
 * the {@code dead-letters} topic holds registered Avro like every other topic (DESIGN.md section 3). The
 * record key, when it is UTF-8 text, is taken as the request id.
 */
public final class AvroDeadLetters implements Serializer<DeadLetter> {

    private final AvroSerializer<io.difflens.schemas.DeadLetter> avro;

    /** Wraps an Avro serializer bound to the registry. */
    public AvroDeadLetters(AvroSerializer<io.difflens.schemas.DeadLetter> avro) {
        this.avro = avro;
    }

    /** The Avro event of {@code d}. */
    public static io.difflens.schemas.DeadLetter toEvent(DeadLetter d, String requestId) {
        return io.difflens.schemas.DeadLetter.newBuilder()
                .setSourceTopic(d.sourceTopic())
                .setSourcePartition(d.sourcePartition())
                .setSourceOffset(d.sourceOffset())
                .setKey(d.key() == null ? null : ByteBuffer.wrap(d.key()))
                .setValue(d.value() == null ? null : ByteBuffer.wrap(d.value()))
                .setHeaders(Map.of())
                .setRequestId(requestId)
                .setStage(d.stage())
                .setErrorClass(d.errorClass())
                .setErrorMessage(d.errorMessage())
                .setTime(d.time())
                .build();
    }

    @Override
    public byte[] serialize(String topic, DeadLetter d) {
        if (d == null) {
            return null;
        }
        String requestId = d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8);
        return avro.serialize(topic, toEvent(d, requestId));
    }
}
