package io.difflens.platform.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns a record that failed (to deserialise or to process) into a record for the dead-letter topic.
 * The caller sends it, usually in the same transaction as the batch's outputs and offsets, so a record
 * is either processed or dead-lettered, never both and never neither.
 *
 * <p>The dead-letter record keeps the original key as its key, carries a {@link DeadLetter} value and
 * repeats the coordinates and error in headers ({@code dl.*}) for tools that do not decode the value.
 */
public final class DeadLetterRouter {

    /** Header names carried by every dead-letter record. */
    public static final String HEADER_TOPIC = "dl.topic";
    public static final String HEADER_PARTITION = "dl.partition";
    public static final String HEADER_OFFSET = "dl.offset";
    public static final String HEADER_STAGE = "dl.stage";
    public static final String HEADER_ERROR = "dl.error";

    private static final int MAX_MESSAGE_CHARS = 2000;

    private final String deadLetterTopic;
    private final Serializer<DeadLetter> serializer;
    private final Clock clock;

    /**
     * @param deadLetterTopic where dead letters go
     * @param serializer      how a {@link DeadLetter} becomes bytes (JSON now; the Avro serde later)
     * @param clock           the time stamped on each dead letter
     */
    public DeadLetterRouter(String deadLetterTopic, Serializer<DeadLetter> serializer, Clock clock) {
        if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic must not be blank, was '" + deadLetterTopic + "'");
        }
        this.deadLetterTopic = deadLetterTopic;
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The dead-letter topic's name. */
    public String topic() {
        return deadLetterTopic;
    }

    /** The {@link DeadLetter} for {@code record}, failed at {@code stage} with {@code error}. */
    public DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String stage, Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers, requestId(record.key()), stage, error.getClass().getName(), message, clock.instant());
    }

    /** Keys are request ids (DESIGN.md section 3): recover one when the key is well-formed UTF-8 text. */
    static Optional<String> requestId(byte[] key) {
        if (key == null || key.length == 0) {
            return Optional.empty();
        }
        try {
            String id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
            return id.chars().allMatch(c -> c >= 0x20 && c != 0x7f) ? Optional.of(id) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The record to send to the dead-letter topic for {@code record}. */
    public ProducerRecord<byte[], byte[]> route(ConsumerRecord<byte[], byte[]> record, String stage, Throwable error) {
        DeadLetter d = deadLetter(record, stage, error);
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_TOPIC, utf8(d.sourceTopic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(d.sourcePartition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(d.sourceOffset())));
        headers.add(HEADER_STAGE, utf8(d.stage()));
        headers.add(HEADER_ERROR, utf8(d.errorClass()));
        return new ProducerRecord<>(deadLetterTopic, null, record.key(), serializer.serialize(deadLetterTopic, d), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
