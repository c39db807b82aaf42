package io.difflens.platform.events;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DeadLetter;
import io.difflens.schemas.VqaAnswer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The {@link VqaAnswer} and {@link DeadLetter} events every pipeline service writes, built one way. */
public final class AnswerEvents {

    private static final int MAX_ERROR_CHARS = 2000;

    private AnswerEvents() {
    }

    /** A {@code REJECTED} answer: the input was invalid, {@code reason} says how. */
    public static VqaAnswer rejected(String requestId, String reason, Instant now) {
        return failure(requestId, AnswerStatus.REJECTED, reason, null, null, Map.of(), now);
    }

    /** A {@code REJECTED} or {@code FAILED} answer with what ran before the failure. */
    public static VqaAnswer failure(String requestId, AnswerStatus status, String reason, String bundleId,
                                    String adapterVersion, Map<String, Double> timings, Instant now) {
        if (status == AnswerStatus.OK) {
            throw new IllegalArgumentException("a failure answer cannot have status OK (request " + requestId + ")");
        }
        return VqaAnswer.newBuilder()
                .setRequestId(requestId)
                .setStatus(status)
                .setError(truncate(reason == null || reason.isBlank() ? status.name().toLowerCase() : reason))
                .setBundleId(bundleId)
                .setAdapterVersion(adapterVersion)
                .setTimings(Map.copyOf(timings))
                .setCreatedAt(now)
                .build();
    }

    /** An {@code OK} answer. */
    public static VqaAnswer ok(String requestId, String text, String bundleId, String adapterVersion,
                               Map<String, Double> timings, Instant now) {
        return VqaAnswer.newBuilder()
                .setRequestId(requestId)
                .setStatus(AnswerStatus.OK)
                .setText(text)
                .setBundleId(bundleId)
                .setAdapterVersion(adapterVersion)
                .setTimings(Map.copyOf(timings))
                .setCreatedAt(now)
                .build();
    }

    /** The dead letter of {@code record}, which {@code stage} gave up on with {@code error}. */
    public static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, String stage, String errorClass,
                                        String error, Instant now) {
        byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaders(Map.of())
                .setRequestId(record.key())
                .setStage(stage)
                .setErrorClass(errorClass)
                .setErrorMessage(truncate(error))
                .setTime(now)
                .build();
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "...";
    }
}
