package io.difflens.platform.registry.internal;

import io.difflens.platform.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state, rebuilt from and kept in step with the schemas topic. Not thread-safe: the
 * service serialises access.
 *
 * <p>Schema identity is Avro's full JSON form ({@link Schema#toString()}), properties included, so a schema
 * carrying {@code avro.java.string} gets a different id than the same schema without it.
 */
final class SchemaStore {

    /** One version of a subject. */
    record Version(String subject, int version, int id, boolean deleted) {}

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByIdentity = new HashMap<>();
    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    SchemaStore(CompatibilityLevel defaultLevel) {
        this.globalLevel = defaultLevel;
    }

    static String identity(Schema schema) {
        return schema.toString();
    }

    // ---- applying log records

    void apply(RegistryRecords.SchemaValue value) {
        Schema schema = new Schema.Parser().parse(value.schema());
        schemasById.putIfAbsent(value.id(), schema);
        idsByIdentity.putIfAbsent(identity(schema), value.id());
        maxId = Math.max(maxId, value.id());
        subjects.computeIfAbsent(value.subject(), s -> new TreeMap<>())
                .put(value.version(), new Version(value.subject(), value.version(), value.id(), value.deleted()));
    }

    void removeVersion(String subject, int version) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions != null) {
            versions.remove(version);
        }
    }

    void applyConfig(String subjectOrNullForGlobal, CompatibilityLevel levelOrNullToClear, CompatibilityLevel fallback) {
        if (subjectOrNullForGlobal == null) {
            globalLevel = levelOrNullToClear == null ? fallback : levelOrNullToClear;
        } else if (levelOrNullToClear == null) {
            subjectLevels.remove(subjectOrNullForGlobal);
        } else {
            subjectLevels.put(subjectOrNullForGlobal, levelOrNullToClear);
        }
    }

    // ---- queries

    Optional<Schema> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    Optional<Integer> idOf(Schema schema) {
        return Optional.ofNullable(idsByIdentity.get(identity(schema)));
    }

    int nextId() {
        return maxId + 1;
    }

    List<String> liveSubjects() {
        return subjects.entrySet().stream()
                .filter(e -> e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Live versions, ascending. */
    List<Version> liveVersions(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    /** Highest version number ever used in the subject, deleted ones included (numbers are never reused). */
    int maxVersion(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    List<Version> versionsWithId(int id) {
        List<Version> out = new ArrayList<>();
        subjects.values().forEach(m -> m.values().stream().filter(v -> v.id() == id && !v.deleted()).forEach(out::add));
        return out;
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElse(globalLevel);
    }
}
