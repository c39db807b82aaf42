package io.difflens.platform.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the registry's global schema id, the subject's version number and the schema.
 *
 * @param subject the subject, e.g. {@code difflens.vqa.requests-value}
 * @param version version within the subject, from 1
 * @param id global schema id, the one written into the wire format
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version + " for " + subject);
        }
        if (id < 0) {
            throw new IllegalArgumentException("id must be >= 0, was " + id + " for " + subject);
        }
    }
}
