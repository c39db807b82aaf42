package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.registry.internal.Compatibility;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private static final Schema V1 = record("{\"name\":\"a\",\"type\":\"int\"}");
    private static final Schema V2_OPTIONAL = record(
            "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final Schema V2_REQUIRED = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    private static final Schema V0_EMPTY = record("");

    @Test
    void addingAnOptionalFieldPassesEveryLevel() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(Compatibility.problems(level, V2_OPTIONAL, List.of(V1))).as(level.name()).isEmpty();
        }
    }

    @Test
    void addingARequiredFieldBreaksBackwardButNotForward() {
        assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD, V2_REQUIRED, List.of(V1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT").contains("b");
        assertThat(Compatibility.problems(CompatibilityLevel.FORWARD, V2_REQUIRED, List.of(V1))).isEmpty();
        assertThat(Compatibility.problems(CompatibilityLevel.FULL, V2_REQUIRED, List.of(V1))).isNotEmpty();
        assertThat(Compatibility.problems(CompatibilityLevel.NONE, V2_REQUIRED, List.of(V1))).isEmpty();
    }

    @Test
    void removingARequiredFieldBreaksForward() {
        assertThat(Compatibility.problems(CompatibilityLevel.FORWARD, V0_EMPTY, List.of(V1)))
                .singleElement().asString().startsWith("FORWARD");
        assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD, V0_EMPTY, List.of(V1))).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryVersionOthersOnlyTheLatest() {
        // newest first: V2_OPTIONAL then V0_EMPTY. A schema requiring "a" can read V2 but not V0's data.
        List<Schema> history = List.of(V2_OPTIONAL, V0_EMPTY);
        assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD, V1, history)).isEmpty();
        assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD_TRANSITIVE, V1, history)).isNotEmpty();
    }
}
