package io.difflens.platform.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A JSON form of {@link DeadLetter} (bytes as base64). A stopgap until the Avro {@code DeadLetter}
 * serde is wired in: the {@link DeadLetterRouter} takes any {@code Serializer<DeadLetter>}.
 */
public final class JsonDeadLetterSerde implements Serde<DeadLetter> {

    // Written by hand over a tree rather than by data binding: byte[] fields and the record's defensive
    // copies make the tree both shorter and explicit about the wire names.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Serializer<DeadLetter> serializer() {
        return (topic, d) -> {
            if (d == null) {
                return null;
            }
            ObjectNode n = MAPPER.createObjectNode();
            n.put("sourceTopic", d.sourceTopic());
            n.put("sourcePartition", d.sourcePartition());
            n.put("sourceOffset", d.sourceOffset());
            n.put("key", d.key() == null ? null : Base64.getEncoder().encodeToString(d.key()));
            n.put("value", d.value() == null ? null : Base64.getEncoder().encodeToString(d.value()));
            ObjectNode headers = n.putObject("headers");
            d.headers().forEach((k, v) -> headers.put(k, v == null ? null : Base64.getEncoder().encodeToString(v)));
            n.put("requestId", d.requestId().orElse(null));
            n.put("stage", d.stage());
            n.put("errorClass", d.errorClass());
            n.put("errorMessage", d.errorMessage());
            n.put("time", d.time().toString());
            try {
                return MAPPER.writeValueAsBytes(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<DeadLetter> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode n = MAPPER.readTree(bytes);
                Map<String, byte[]> headers = new LinkedHashMap<>();
                n.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), decode(e.getValue())));
                JsonNode requestId = n.get("requestId");
                return new DeadLetter(n.get("sourceTopic").asText(), n.get("sourcePartition").asInt(),
                        n.get("sourceOffset").asLong(), decode(n.get("key")), decode(n.get("value")), headers,
                        requestId == null || requestId.isNull() ? Optional.empty() : Optional.of(requestId.asText()),
                        n.get("stage").asText(), n.get("errorClass").asText(), n.get("errorMessage").asText(),
                        Instant.parse(n.get("time").asText()));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a JSON dead letter in " + topic, e);
            }
        };
    }

    private static byte[] decode(JsonNode n) {
        return n == null || n.isNull() ? null : Base64.getDecoder().decode(n.asText());
    }
}
