package io.difflens.platform.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.platform.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The records of the schemas topic, in the layout Confluent's registry writes to {@code _schemas}: JSON keys
 * {@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} and
 * {@code {"keytype":"CONFIG","subject":..|null,"magic":0}}, JSON values
 * {@code {"subject","version","id","schema","deleted"}} and {@code {"compatibilityLevel":..}}. Keys are
 * written with a fixed field order because compaction compares key bytes.
 */
public final class RegistryRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryRecords() {}

    /** A key of the schemas topic. */
    public sealed interface Key {
        byte[] toBytes();
    }

    /** Identifies one version of a subject. */
    public record SchemaKey(String subject, int version) implements Key {
        @Override
        public byte[] toBytes() {
            ObjectNode key = JSON.createObjectNode();
            key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
            return bytes(key);
        }
    }

    /** Identifies the global ({@code subject == null}) or a subject's compatibility configuration. */
    public record ConfigKey(String subject) implements Key {
        @Override
        public byte[] toBytes() {
            ObjectNode key = JSON.createObjectNode();
            key.put("keytype", "CONFIG");
            if (subject == null) {
                key.putNull("subject");
            } else {
                key.put("subject", subject);
            }
            key.put("magic", 0);
            return bytes(key);
        }
    }

    /** A key type this registry does not act on (NOOP, MODE, DELETE_SUBJECT ... written by others). */
    public record OtherKey(String keytype) implements Key {
        @Override
        public byte[] toBytes() {
            throw new UnsupportedOperationException("this registry never writes " + keytype + " records");
        }
    }

    /** The value of a {@link SchemaKey}. */
    public record SchemaValue(String subject, int version, int id, String schema, boolean deleted) {
        public byte[] toBytes() {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", subject).put("version", version).put("id", id).put("schema", schema)
                    .put("deleted", deleted);
            return bytes(value);
        }

        SchemaValue asDeleted() {
            return new SchemaValue(subject, version, id, schema, true);
        }
    }

    /** The value of a {@link ConfigKey}. */
    public static byte[] configValue(CompatibilityLevel level) {
        return bytes(JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    public static Key parseKey(byte[] bytes) {
        JsonNode key = tree(bytes);
        String type = key.path("keytype").asText("");
        return switch (type) {
            case "SCHEMA" -> new SchemaKey(key.path("subject").asText(), key.path("version").asInt());
            case "CONFIG" -> new ConfigKey(key.path("subject").isNull() || key.path("subject").isMissingNode()
                    ? null : key.path("subject").asText());
            default -> new OtherKey(type);
        };
    }

    public static SchemaValue parseSchemaValue(byte[] bytes) {
        JsonNode value = tree(bytes);
        return new SchemaValue(value.path("subject").asText(), value.path("version").asInt(), value.path("id").asInt(),
                value.path("schema").asText(), value.path("deleted").asBoolean(false));
    }

    /** The level of a config value; empty when the record names none (or is a tombstone). */
    public static Optional<CompatibilityLevel> parseConfigValue(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        JsonNode level = tree(bytes).path("compatibilityLevel");
        return level.isTextual() ? Optional.of(CompatibilityLevel.parse(level.asText())) : Optional.empty();
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("schemas topic record is not JSON", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
