package io.difflens.platform.registry.internal;

import io.difflens.platform.registry.CompatibilityLevel;
import io.difflens.platform.registry.RegisteredSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's operations, with Confluent's semantics and error codes. Every write is persisted to the
 * log and acknowledged before it changes the in-memory state, so a reply never promises what a restart
 * would forget. Methods are synchronised: one writer, and reads see whole writes.
 */
public final class RegistryService {

    private final SchemaStore store;
    private final KafkaRegistryLog log;
    private final CompatibilityLevel defaultLevel;

    public RegistryService(KafkaRegistryLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.defaultLevel = defaultLevel;
        this.store = new SchemaStore(defaultLevel);
        log.replay(this::applyRecord);
    }

    private void applyRecord(byte[] keyBytes, byte[] valueBytes) {
        RegistryRecords.Key key = RegistryRecords.parseKey(keyBytes);
        // Java 17 has no pattern switch; OtherKey (NOOP, MODE ... written by other registries) is ignored.
        if (key instanceof RegistryRecords.SchemaKey schemaKey) {
            if (valueBytes == null) {
                store.removeVersion(schemaKey.subject(), schemaKey.version());
            } else {
                store.apply(RegistryRecords.parseSchemaValue(valueBytes));
            }
        } else if (key instanceof RegistryRecords.ConfigKey configKey) {
            store.applyConfig(configKey.subject(), RegistryRecords.parseConfigValue(valueBytes).orElse(null),
                    defaultLevel);
        }
    }

    public static Schema parseSchema(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    public static int parseVersion(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version < 1) {
                throw RegistryError.invalidVersion(text);
            }
            return version;
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(text);
        }
    }

    public synchronized int register(String subject, Schema schema) {
        List<SchemaStore.Version> live = store.liveVersions(subject);
        Optional<Integer> knownId = store.idOf(schema);
        if (knownId.isPresent()) {
            for (SchemaStore.Version v : live) {
                if (v.id() == knownId.get()) {
                    return v.id();
                }
            }
        }
        List<String> problems = Compatibility.problems(store.effectiveLevel(subject), schema, newestFirst(live));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems);
        }
        int id = knownId.orElseGet(store::nextId);
        RegistryRecords.SchemaValue value =
                new RegistryRecords.SchemaValue(subject, store.maxVersion(subject) + 1, id, schema.toString(), false);
        log.append(new RegistryRecords.SchemaKey(subject, value.version()).toBytes(), value.toBytes());
        store.apply(value);
        return id;
    }

    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<SchemaStore.Version> live = liveOrThrow(subject);
        int id = store.idOf(schema).orElseThrow(() -> RegistryError.schemaNotFound("in subject '" + subject + "'"));
        return live.stream()
                .filter(v -> v.id() == id)
                .reduce((a, b) -> b)
                .map(this::toRegistered)
                .orElseThrow(() -> RegistryError.schemaNotFound("in subject '" + subject + "'"));
    }

    public synchronized List<String> subjects() {
        return store.liveSubjects();
    }

    public synchronized List<Integer> versions(String subject) {
        return liveOrThrow(subject).stream().map(SchemaStore.Version::version).toList();
    }

    /** {@code version} is a number or {@code latest}. */
    public synchronized RegisteredSchema version(String subject, String version) {
        List<SchemaStore.Version> live = liveOrThrow(subject);
        if ("latest".equals(version) || "-1".equals(version)) {
            return toRegistered(live.get(live.size() - 1));
        }
        int number = parseVersion(version);
        return live.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .map(this::toRegistered)
                .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
    }

    public synchronized Schema schemaById(int id) {
        return store.schema(id).orElseThrow(() -> RegistryError.schemaNotFound("id " + id));
    }

    public synchronized List<SchemaStore.Version> subjectVersionsOfId(int id) {
        schemaById(id);
        return store.versionsWithId(id);
    }

    /** Soft-deletes every live version; ids stay resolvable. Returns the deleted version numbers. */
    public synchronized List<Integer> deleteSubject(String subject) {
        List<SchemaStore.Version> live = liveOrThrow(subject);
        List<Integer> deleted = new ArrayList<>();
        for (SchemaStore.Version v : live) {
            softDelete(v);
            deleted.add(v.version());
        }
        return deleted;
    }

    public synchronized int deleteVersion(String subject, String version) {
        RegisteredSchema found = version(subject, version);
        softDelete(new SchemaStore.Version(subject, found.version(), found.id(), false));
        return found.version();
    }

    private void softDelete(SchemaStore.Version v) {
        RegistryRecords.SchemaValue value = new RegistryRecords.SchemaValue(
                v.subject(), v.version(), v.id(), store.schema(v.id()).orElseThrow().toString(), true);
        log.append(new RegistryRecords.SchemaKey(v.subject(), v.version()).toBytes(), value.toBytes());
        store.apply(value);
    }

    /**
     * Whether {@code schema} may follow {@code version} ({@code latest}, or a number) of the subject; the
     * reasons when it may not. A subject with no versions accepts anything when asked about {@code latest}.
     */
    public synchronized List<String> compatibilityProblems(String subject, String version, Schema schema) {
        List<SchemaStore.Version> live = store.liveVersions(subject);
        CompatibilityLevel level = store.effectiveLevel(subject);
        if ("latest".equals(version)) {
            return Compatibility.problems(level, schema, newestFirst(live));
        }
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        Schema against = version(subject, version).schema();
        return Compatibility.problems(level, schema, List.of(against));
    }

    public synchronized CompatibilityLevel globalLevel() {
        return store.globalLevel();
    }

    public synchronized CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = store.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return store.globalLevel();
        }
        throw RegistryError.subjectLevelNotConfigured(subject);
    }

    /** Sets the global level ({@code subject == null}) or a subject's. */
    public synchronized void setLevel(String subject, CompatibilityLevel level) {
        log.append(new RegistryRecords.ConfigKey(subject).toBytes(), RegistryRecords.configValue(level));
        store.applyConfig(subject, level, defaultLevel);
    }

    public static CompatibilityLevel parseLevel(String text) {
        try {
            return CompatibilityLevel.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel(text);
        }
    }

    private List<SchemaStore.Version> liveOrThrow(String subject) {
        List<SchemaStore.Version> live = store.liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
    }

    private List<Schema> newestFirst(List<SchemaStore.Version> live) {
        List<Schema> out = new ArrayList<>();
        for (int i = live.size() - 1; i >= 0; i--) {
            out.add(store.schema(live.get(i).id()).orElseThrow());
        }
        return out;
    }

    private RegisteredSchema toRegistered(SchemaStore.Version v) {
        return new RegisteredSchema(v.subject(), v.version(), v.id(), store.schema(v.id()).orElseThrow());
    }
}
