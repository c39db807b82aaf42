package io.difflens.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class EventContractsTest {

    @Test
    void everyRecordAndFieldIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        EventContracts.schemas().forEach(s -> collectUndocumented(s, undocumented, seen));
        assertThat(undocumented).isEmpty();
        assertThat(seen).contains("io.difflens.schemas.VqaRequest", "io.difflens.schemas.Tensor");
    }

    private static void collectUndocumented(Schema schema, List<String> out, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (schema.getDoc() == null || schema.getDoc().isBlank()) {
                    out.add(schema.getFullName());
                }
                for (Schema.Field f : schema.getFields()) {
                    if (f.doc() == null || f.doc().isBlank()) {
                        out.add(schema.getFullName() + "." + f.name());
                    }
                    collectUndocumented(f.schema(), out, seen);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
            case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
            case MAP -> collectUndocumented(schema.getValueType(), out, seen);
            case ENUM -> {
                if (seen.add(schema.getFullName()) && schema.getDoc() == null) {
                    out.add(schema.getFullName());
                }
            }
            default -> {}
        }
    }

    @Test
    void everyOptionalFieldDefaultsToNull() {
        for (Schema s : EventContracts.schemas()) {
            for (Schema.Field f : s.getFields()) {
                if (f.schema().isNullable()) {
                    assertThat(f.hasDefaultValue()).as("%s.%s has a default", s.getName(), f.name()).isTrue();
                }
            }
        }
    }

    /**
      * Runs without {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES} (this module's pom drops it): reading
      * generated classes works only because {@link AvroTrust} trusted the package in code.
      */
    @Test
    void specificRecordsRoundTripWithoutAJvmFlag() throws IOException {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        AvroTrust.trustEventClasses();
        VqaRequest request =
                VqaRequest.newBuilder()
                        .setId("r-1")
                        .setImage(new InlineImage(ByteBuffer.wrap(new byte[] {1, 2, 3}), "image/png"))
                        .setPrompt("What colour is the cube?")
                        .setConversation(List.of(new Turn("human", "<image>\nDescribe it."), new Turn("gpt", "A cube.")))
                        .setOptions(RequestOptions.newBuilder().setFeatureMode(FeatureMode.CFG).setGuidanceScale(2.5f).build())
                        .setTraceContext(Map.of("traceparent", "00-abc-def-01"))
                        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_123L))
                        .build();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(VqaRequest.class).write(request, encoder);
        encoder.flush();
        VqaRequest read =
                new SpecificDatumReader<>(VqaRequest.class)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read).isEqualTo(request);
        assertThat(read.getOptions().getTimestep()).isNull();
        assertThat(((InlineImage) read.getImage()).getMediaType()).isEqualTo("image/png");
    }
}
