package io.difflens.platform.deadletter;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record that could not be processed, with everything needed to inspect or replay it. Its fields are
 * those of the Avro {@code DeadLetter} event of the {@code dead-letters} topic, in the same order, so the
 * Avro serde can map it one to one.
 *
 * @param sourceTopic     topic the record was read from
 * @param sourcePartition its partition
 * @param sourceOffset    its offset
 * @param key             the original key bytes, or {@code null}
 * @param value           the original value bytes, or {@code null}
 * @param headers         the original headers (last value wins for a repeated name)
 * @param requestId       the request id, when it could be recovered (usually the key)
 * @param stage           the processing stage that failed (e.g. {@code deserialize}, {@code feature-extractor})
 * @param errorClass      class name of the error
 * @param errorMessage    its message (may be empty)
 * @param time            when it was dead-lettered
 */
public record DeadLetter(String sourceTopic, int sourcePartition, long sourceOffset, byte[] key, byte[] value,
                         Map<String, byte[]> headers, Optional<String> requestId, String stage, String errorClass,
                         String errorMessage, Instant time) {

    /** Validates the coordinates and copies every byte array. */
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
        Objects.requireNonNull(requestId, "requestId (use Optional.empty())");
        key = key == null ? null : key.clone();
        value = value == null ? null : value.clone();
        Map<String, byte[]> h = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> h.put(k, v == null ? null : v.clone()));
        }
        headers = Collections.unmodifiableMap(h);
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

    /** The original headers; copies of their values. */
    @Override
    public Map<String, byte[]> headers() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, v == null ? null : v.clone()));
        return Collections.unmodifiableMap(h);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && sourceTopic.equals(d.sourceTopic) && sourcePartition == d.sourcePartition
                && sourceOffset == d.sourceOffset && Arrays.equals(key, d.key) && Arrays.equals(value, d.value)
                && sameHeaders(headers, d.headers) && requestId.equals(d.requestId) && stage.equals(d.stage)
                && errorClass.equals(d.errorClass) && errorMessage.equals(d.errorMessage) && time.equals(d.time);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : headers.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return Objects.hash(sourceTopic, sourcePartition, sourceOffset, Arrays.hashCode(key), Arrays.hashCode(value),
                h, requestId, stage, errorClass, errorMessage, time);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + "-" + sourcePartition + "@" + sourceOffset + ", stage=" + stage
                + ", error=" + errorClass + ": " + errorMessage + ", requestId=" + requestId.orElse("?") + ", key="
                + (key == null ? "null" : HexFormat.of().formatHex(key, 0, Math.min(key.length, 32))) + ", value="
                + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers.keySet() + ", time="
                + time + "}";
    }

    private static boolean sameHeaders(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }
}
