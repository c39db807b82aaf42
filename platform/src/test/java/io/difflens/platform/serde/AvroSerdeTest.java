package io.difflens.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.Turn;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    private static VqaAnswer answer() {
        return VqaAnswer.newBuilder()
                .setRequestId("r-1")
                .setStatus(AnswerStatus.OK)
                .setText("a red cube")
                .setBundleId("tiny-sdxl")
                .setTimings(Map.of("unet", 12.5))
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /** VqaAnswer's schema with {@code fieldsToDrop} removed: what an older producer would have used. */
    private static Schema answerWithout(String... fieldsToDrop) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(VqaAnswer.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) tree.get("fields");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = fields.iterator(); it.hasNext(); ) {
            String name = it.next().get("name").asText();
            if (java.util.Arrays.asList(fieldsToDrop).contains(name)) {
                it.remove();
            }
        }
        return new Schema.Parser().parse(tree.toString());
    }

    @Test
    void specificRecordsRoundTrip() {
        AvroSerde<VqaRequest> serde = AvroSerde.specific(VqaRequest.class, registry, AvroSerdeConfig.defaults(), false);
        VqaRequest request = VqaRequest.newBuilder()
                .setId("r-9")
                .setImage(new InlineImage(ByteBuffer.wrap(new byte[] {9, 8, 7}), "image/jpeg"))
                .setPrompt("Is the cube left of the ball?")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_321L))
                .build();

        byte[] bytes = serde.serializer().serialize("vqa.requests", request);
        VqaRequest read = serde.deserializer().deserialize("vqa.requests", bytes);

        assertThat(read).isEqualTo(request);
        assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_321L));
        assertThat(registry.subjects()).containsExactly("vqa.requests-value");
    }

    @Test
    void theSameSchemaIsRegisteredOnceAndReusesItsId() {
        AvroSerializer<VqaAnswer> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        byte[] first = serializer.serialize("a", answer());
        byte[] second = serializer.serialize("a", answer());
        assertThat(second).isEqualTo(first);
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void genericRecordsRoundTripInTheWritersSchema() {
        Schema schema = Turn.getClassSchema();
        GenericRecord turn = new GenericData.Record(schema);
        turn.put("from", "gpt");
        turn.put("value", "A cube.");
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry, AvroSerdeConfig.defaults(), false);

        GenericRecord read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", turn));

        assertThat(read.getSchema()).isEqualTo(schema);
        assertThat(read.get("from").toString()).isEqualTo("gpt");
        assertThat(read.get("value").toString()).isEqualTo("A cube.");
    }

    @Test
    void dataFromAnOlderProducerIsReadIntoTheCurrentClass() throws Exception {
        Schema older = answerWithout("bundleId", "adapterVersion", "timings");
        GenericRecord old = new GenericData.Record(older);
        old.put("requestId", "r-old");
        old.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "REJECTED"));
        old.put("text", null);
        old.put("error", "image too large");
        old.put("createdAt", 1_600_000_000_000L);
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, AvroSerdeConfig.defaults(), false)
                .serialize("answers", old);

        VqaAnswer read = new AvroDeserializer<>(registry, VqaAnswer.class).deserialize("answers", bytes);

        assertThat(read.getRequestId()).isEqualTo("r-old");
        assertThat(read.getStatus()).isEqualTo(AnswerStatus.REJECTED);
        assertThat(read.getError()).isEqualTo("image too large");
        assertThat(read.getBundleId()).isNull();
        assertThat(read.getTimings()).isEmpty();
        assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_600_000_000_000L));
    }

    @Test
    void useLatestVersionWritesWithTheRegisteredSchemaAndConvertsOlderRecords() throws Exception {
        int latestId = registry.register("answers-value", VqaAnswer.getClassSchema());
        Schema older = answerWithout("timings");
        GenericRecord old = new GenericData.Record(older);
        old.put("requestId", "r-2");
        old.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "OK"));
        old.put("text", "yes");
        old.put("createdAt", 1L);
        AvroSerdeConfig pinned = AvroSerdeConfig.defaults().withAutoRegister(false).withUseLatestVersion(true);

        byte[] bytes = new AvroSerializer<GenericRecord>(registry, pinned, false).serialize("answers", old);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        VqaAnswer read = new AvroDeserializer<>(registry, VqaAnswer.class).deserialize("answers", bytes);
        assertThat(read.getText()).isEqualTo("yes");
        assertThat(read.getTimings()).isEmpty();
        assertThat(registry.versions("answers-value")).containsExactly(1);
    }

    @Test
    void withoutAutoRegisterAnUnknownSchemaFailsNamingTheSubject() {
        AvroSerializer<VqaAnswer> serializer =
                new AvroSerializer<>(registry, AvroSerdeConfig.defaults().withAutoRegister(false), false);
        assertThatThrownBy(() -> serializer.serialize("answers", answer()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("answers-value")
                .hasMessageContaining("40401");

        registry.register("answers-value", VqaAnswer.getClassSchema());
        assertThat(serializer.serialize("answers", answer())).isNotEmpty();
    }

    @Test
    void subjectStrategiesNameSubjectsLikeConfluent() {
        AvroSerdeConfig byRecord = AvroSerdeConfig.defaults()
                .withValueStrategy(SubjectNameStrategy.RECORD_NAME)
                .withKeyStrategy(SubjectNameStrategy.TOPIC_RECORD_NAME);
        new AvroSerializer<Turn>(registry, byRecord, false).serialize("chat", new Turn("human", "hi"));
        new AvroSerializer<Turn>(registry, byRecord, true).serialize("chat", new Turn("human", "hi"));
        new AvroSerializer<Turn>(registry, AvroSerdeConfig.defaults(), true).serialize("chat", new Turn("h", "k"));

        assertThat(registry.subjects())
                .containsExactlyInAnyOrder("io.difflens.schemas.Turn", "chat-io.difflens.schemas.Turn", "chat-key");
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<VqaAnswer> serde = AvroSerde.specific(VqaAnswer.class, registry, AvroSerdeConfig.defaults(), false);
        assertThat(serde.serializer().serialize("a", null)).isNull();
        assertThat(serde.deserializer().deserialize("a", null)).isNull();
    }

    @Test
    void payloadsNotInTheWireFormatAreRejectedClearly() {
        AvroDeserializer<VqaAnswer> deserializer = new AvroDeserializer<>(registry, VqaAnswer.class);
        assertThatThrownBy(() -> deserializer.deserialize("a", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x01");
        assertThatThrownBy(() -> deserializer.deserialize("a", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 bytes");
        assertThatThrownBy(() -> deserializer.deserialize("a", new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42");
    }

    @Test
    void truncatedAvroIsASerializationException() {
        byte[] bytes = new AvroSerializer<VqaAnswer>(registry, AvroSerdeConfig.defaults(), false).serialize("a", answer());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 9);
        assertThatThrownBy(() -> new AvroDeserializer<>(registry, VqaAnswer.class).deserialize("a", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("VqaAnswer");
    }

    @Test
    void specificReaderFlagPicksTheGeneratedClassFromTheWriterSchema() {
        byte[] bytes = new AvroSerializer<VqaAnswer>(registry, AvroSerdeConfig.defaults(), false).serialize("a", answer());
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>(registry, null);
        deserializer.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);
        assertThat(deserializer.deserialize("a", bytes)).isEqualTo(answer());
    }
}
