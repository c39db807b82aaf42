package io.difflens.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
  * The build's evolution gate: every current schema must read data written with its last released version
  * (kept in {@code released/}, relative to the module directory, which is surefire's working directory).
  */
class BackwardCompatibilityTest {

    private static final Path RELEASED = Path.of("released");

    @Test
    void everyEventHasAReleasedVersion() {
        for (Schema current : EventContracts.schemas()) {
            assertThat(RELEASED.resolve(current.getName() + ".avsc"))
                    .as("released version of %s (run the release step of schemas/README.md)", current.getName())
                    .exists();
        }
    }

    @Test
    void everyCurrentSchemaIsBackwardCompatibleWithItsReleasedVersion() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Schema current : EventContracts.schemas()) {
            Schema released = new Schema.Parser().parse(RELEASED.resolve(current.getName() + ".avsc").toFile());
            SchemaEvolution.backwardIncompatibilities(released, current)
                    .forEach(p -> problems.add(current.getFullName() + ": " + p));
        }
        assertThat(problems).as("BACKWARD incompatibilities with released/").isEmpty();
    }

    @Test
    void releasedSchemasAreSelfContainedAndNamedAfterTheirRecord() throws IOException {
        try (var files = Files.list(RELEASED)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                Schema parsed = new Schema.Parser().parse(file.toFile());
                assertThat(file.getFileName().toString()).isEqualTo(parsed.getName() + ".avsc");
            }
        }
    }

    /** The release step: {@code -Ddifflens.schemas.release=true -Dtest=BackwardCompatibilityTest#release}. */
    @Test
    @EnabledIfSystemProperty(named = "difflens.schemas.release", matches = "true")
    void release() throws IOException {
        Files.createDirectories(RELEASED);
        for (Schema current : EventContracts.schemas()) {
            Files.writeString(RELEASED.resolve(current.getName() + ".avsc"), org.apache.avro.SchemaFormatter.format("json/pretty", current) + "\n");
        }
    }
}
