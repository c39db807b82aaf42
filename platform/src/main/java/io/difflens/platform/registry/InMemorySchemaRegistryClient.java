package io.difflens.platform.registry;

import io.difflens.platform.registry.internal.Compatibility;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * A registry that lives inside the client, for {@code TopologyTestDriver} tests and benchmarks where no
 * HTTP registry runs. Same semantics as the embedded registry (global ids, BACKWARD by default, soft
 * delete), no persistence.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByIdentity = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> liveVersions = new TreeMap<>();
    private final Map<String, Integer> maxVersions = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId;

    /** Ids start at 1, as in a fresh Confluent registry. */
    public InMemorySchemaRegistryClient() {
        this(1);
    }

    /** Ids start at {@code firstId}. */
    public InMemorySchemaRegistryClient(int firstId) {
        if (firstId < 0) {
            throw new IllegalArgumentException("first id must be >= 0, was " + firstId);
        }
        this.nextId = firstId;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer known = idsByIdentity.get(schema.toString());
        TreeMap<Integer, Integer> versions = liveVersions.computeIfAbsent(subject, s -> new TreeMap<>());
        if (known != null && versions.containsValue(known)) {
            return known;
        }
        List<String> problems = Compatibility.problems(compatibility(subject), schema, newestFirst(versions));
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(409, 409, "incompatible with subject " + subject + ": " + problems);
        }
        int id = known != null ? known : nextId++;
        schemasById.put(id, schema);
        idsByIdentity.put(schema.toString(), id);
        int version = maxVersions.merge(subject, 1, Integer::sum);
        versions.put(version, id);
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        TreeMap<Integer, Integer> versions = live(subject);
        Integer id = idsByIdentity.get(schema.toString());
        for (Map.Entry<Integer, Integer> e : versions.descendingMap().entrySet()) {
            if (e.getValue().equals(id)) {
                return new RegisteredSchema(subject, e.getKey(), id, schemasById.get(id));
            }
        }
        throw new SchemaRegistryException(404, 40403, "Schema not found in subject '" + subject + "'");
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        Map.Entry<Integer, Integer> last = live(subject).lastEntry();
        return new RegisteredSchema(subject, last.getKey(), last.getValue(), schemasById.get(last.getValue()));
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        Integer id = live(subject).get(version);
        if (id == null) {
            throw new SchemaRegistryException(404, 40402, "Version " + version + " not found for " + subject);
        }
        return new RegisteredSchema(subject, version, id, schemasById.get(id));
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(live(subject).keySet());
    }

    @Override
    public synchronized List<String> subjects() {
        return liveVersions.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        TreeMap<Integer, Integer> versions = liveVersions.getOrDefault(subject, new TreeMap<>());
        return Compatibility.problems(compatibility(subject), schema, newestFirst(versions)).isEmpty();
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = List.copyOf(live(subject).keySet());
        liveVersions.get(subject).clear();
        return deleted;
    }

    @Override
    public synchronized CompatibilityLevel compatibility() {
        return globalLevel;
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    private TreeMap<Integer, Integer> live(String subject) {
        TreeMap<Integer, Integer> versions = liveVersions.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private List<Schema> newestFirst(TreeMap<Integer, Integer> versions) {
        List<Schema> out = new ArrayList<>();
        versions.descendingMap().values().forEach(id -> out.add(schemasById.get(id)));
        return out;
    }
}
