package io.difflens.platform.deadletter;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A record that could not be processed, with everything needed to inspect or replay it. Mirrors the
 * {@code DeadLetter} Avro event of the {@code dead-letters} topic.
 *
 * @param sourceTopic     topic the record was read from
 * @param sourcePartition its partition
 * @param sourceOffset    its offset
 * @param key             the original key bytes, or {@code null}
 * @param value           the original value bytes, or {@code null}
 * @param stage           the processing stage that failed (e.g. {@code deserialize}, {@code feature-extractor})
 * @param errorClass      class name of the error
 * @param errorMessage    its message (may be empty)
 * @param time            when it was dead-lettered
 */
public record DeadLetter(String sourceTopic, int sourcePartition, long sourceOffset, byte[] key, byte[] value,
                         String stage, String errorClass, String errorMessage, Instant time) {

    /** Validates the coordinates and copies the byte arrays. */
    public DeadLetter {
        if (sourceTopic == null || sourceTopic.isBlank()) {
            throw new IllegalArgumentException("dead letter needs a source topic, was '" + sourceTopic + "'");
        }
        if (sourcePartition < 0 || sourceOffset < 0) {
            throw new IllegalArgumentException("dead letter from " + sourceTopic + " has a negative partition ("
                    + sourcePartition + ") or offset (" + sourceOffset + ")");
        }
        if (stage == null || stage.isBlank()) {
            throw new IllegalArgumentException("dead letter from " + sourceTopic + " needs a stage");
        }
        Objects.requireNonNull(errorClass, "errorClass");
        errorMessage = errorMessage == null ? "" : errorMessage;
        Objects.requireNonNull(time, "time");
        key = key == null ? null : key.clone();
        value = value == null ? null : value.clone();
    }

    /** A copy of the original key bytes, or {@code null}. */
    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** A copy of the original value bytes, or {@code null}. */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && sourceTopic.equals(d.sourceTopic) && sourcePartition == d.sourcePartition
                && sourceOffset == d.sourceOffset && Arrays.equals(key, d.key) && Arrays.equals(value, d.value)
                && stage.equals(d.stage) && errorClass.equals(d.errorClass) && errorMessage.equals(d.errorMessage)
                && time.equals(d.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceTopic, sourcePartition, sourceOffset, Arrays.hashCode(key), Arrays.hashCode(value),
                stage, errorClass, errorMessage, time);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + "-" + sourcePartition + "@" + sourceOffset + ", stage=" + stage
                + ", error=" + errorClass + ": " + errorMessage + ", key=" + (key == null ? "null" : HexFormat.of()
                .formatHex(key, 0, Math.min(key.length, 32))) + ", value=" + (value == null ? "null" : value.length
                + " bytes") + ", time=" + time + "}";
    }
}
