package io.difflens.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Proves the gate catches what it must: the edits below are the classic ways to break old data. */
class SchemaEvolutionTest {

    private static final Schema RELEASED = VqaAnswer.getClassSchema();

    private static Schema edited(String from, String to) {
        String json = RELEASED.toString();
        assertThat(json).contains(from);
        return new Schema.Parser().parse(json.replace(from, to));
    }

    @Test
    void anIdenticalSchemaIsCompatible() {
        assertThat(SchemaEvolution.backwardIncompatibilities(RELEASED, RELEASED)).isEmpty();
    }

    @Test
    void addingAnOptionalFieldWithADefaultIsCompatible() {
        Schema current =
                edited(
                        "{\"name\":\"requestId\"",
                        "{\"name\":\"model\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"requestId\"");
        assertThat(SchemaEvolution.backwardIncompatibilities(RELEASED, current)).isEmpty();
    }

    @Test
    void addingARequiredFieldIsCaughtAndNamed() {
        Schema current =
                edited("{\"name\":\"requestId\"", "{\"name\":\"priority\",\"type\":\"int\"},{\"name\":\"requestId\"");
        assertThat(SchemaEvolution.backwardIncompatibilities(RELEASED, current))
                .singleElement()
                .asString()
                .contains("READER_FIELD_MISSING_DEFAULT")
                .contains("priority");
    }

    @Test
    void removingAnEnumSymbolIsCaught() {
        Schema current = edited("\"OK\",\"REJECTED\",\"FAILED\"", "\"OK\",\"FAILED\"");
        assertThat(SchemaEvolution.backwardIncompatibilities(RELEASED, current))
                .singleElement()
                .asString()
                .contains("MISSING_ENUM_SYMBOLS")
                .contains("REJECTED");
    }

    @Test
    void changingAFieldTypeIsCaught() {
        Schema current = edited("\"values\":\"double\"", "\"values\":\"int\"");
        assertThat(SchemaEvolution.backwardIncompatibilities(RELEASED, current))
                .anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH").contains("timings"));
    }
}
