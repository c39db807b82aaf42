package io.difflens.platform.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A client of the Confluent schema-registry REST API. Implementations cache what never changes
 * (id to schema, subject + schema to id) and are safe for concurrent use.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id under which {@code schema} is registered in {@code subject}; 40401/40403 if it is not. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with global id {@code id}; deleted subjects do not make an id unresolvable. */
    Schema schemaById(int id);

    /** The latest live version of {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Version {@code version} of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    /** The live version numbers of {@code subject}, ascending. */
    List<Integer> versions(String subject);

    /** Every subject with at least one live version. */
    List<String> subjects();

    /** Whether {@code schema} may be registered as the next version of {@code subject} (against latest). */
    boolean isCompatible(String subject, Schema schema);

    /** Soft-deletes {@code subject}; returns the versions deleted. Ids stay resolvable. */
    List<Integer> deleteSubject(String subject);

    /** The global compatibility level. */
    CompatibilityLevel compatibility();

    /** The level in force for {@code subject} (its own, else the global one). */
    CompatibilityLevel compatibility(String subject);

    /** Sets the global compatibility level. */
    void setCompatibility(CompatibilityLevel level);

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    @Override
    default void close() {}
}
