package io.difflens.platform.registry.internal;

import io.difflens.platform.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Applies a {@link CompatibilityLevel} with Avro's own {@link SchemaCompatibility} rules. */
public final class Compatibility {

    private Compatibility() {}

    /**
     * The reasons {@code candidate} may not follow {@code existingNewestFirst} under {@code level}; empty if
     * it may. Non-transitive levels look at the newest existing schema only.
     */
    public static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> existingNewestFirst) {
        List<String> problems = new ArrayList<>();
        List<Schema> against = level.transitive() || existingNewestFirst.isEmpty()
                ? existingNewestFirst
                : existingNewestFirst.subList(0, 1);
        for (Schema existing : against) {
            if (level.backward()) {
                describe("BACKWARD", candidate, existing, problems);
            }
            if (level.forward()) {
                describe("FORWARD", existing, candidate, problems);
            }
        }
        return problems;
    }

    private static void describe(String direction, Schema reader, Schema writer, List<String> out) {
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()
                .forEach(i -> out.add(direction + " " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage()));
    }
}
