package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ImageUri;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of a Kafka-backed registry: stop the registry AND the broker, restart both on the same data
 * directory, and every record written before still deserializes, every id still resolves, and new schemas
 * never reuse an old id.
 */
class RegistryRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static VqaRequest request(int i) {
        return VqaRequest.newBuilder()
                .setId("req-" + i)
                .setImage(i % 2 == 0
                        ? new InlineImage(ByteBuffer.wrap(new byte[] {(byte) i, 1, 2}), "image/png")
                        : new ImageUri("file:images/" + i + ".jpg", null))
                .setPrompt("question " + i)
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                .build();
    }

    @Test
    void recordsStayReadableAcrossARestartOfBrokerAndRegistry(@TempDir Path dataDir) {
        String requests = KafkaTestKit.uniqueTopic("vqa.requests");
        String answers = KafkaTestKit.uniqueTopic("vqa.answers");
        List<VqaRequest> written = new ArrayList<>();
        int requestId;
        int otherId;

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            kafka.createTopic(requests, 2);
            kafka.createTopic(answers, 1);
            // Configured by name, as Kafka clients are: the serializer builds its own registry client.
            AvroSerializer<VqaRequest> serializer = new AvroSerializer<>();
            serializer.configure(Map.of("schema.registry.url", registry.url()), false);
            List<ProducerRecord<String, VqaRequest>> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                written.add(request(i));
                records.add(new ProducerRecord<>(requests, "req-" + i, request(i)));
            }
            kafka.produce(new StringSerializer(), serializer, records);
            AvroSerializer<VqaAnswer> answerSerializer = new AvroSerializer<>();
            answerSerializer.configure(Map.of("schema.registry.url", registry.url()), false);
            kafka.produce(new StringSerializer(), answerSerializer, List.of(new ProducerRecord<>(answers, "req-0",
                    VqaAnswer.newBuilder().setRequestId("req-0").setStatus(AnswerStatus.OK).setText("yes")
                            .setCreatedAt(Instant.ofEpochMilli(5)).build())));

            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url());
            requestId = client.latest(requests + "-value").id();
            otherId = client.latest(answers + "-value").id();
            client.setCompatibility(answers + "-value", CompatibilityLevel.FULL);
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            AvroDeserializer<VqaRequest> deserializer =
                    new AvroDeserializer<>(HttpSchemaRegistryClient.of(registry.url()), VqaRequest.class);

            List<ConsumerRecord<String, VqaRequest>> read =
                    kafka.readCommitted(requests, new StringDeserializer(), deserializer, TIMEOUT);

            assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(written);
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url());
            assertThat(client.schemaById(requestId)).isEqualTo(VqaRequest.getClassSchema());
            assertThat(client.schemaById(otherId)).isEqualTo(VqaAnswer.getClassSchema());
            assertThat(client.register(requests + "-value", VqaRequest.getClassSchema())).isEqualTo(requestId);
            assertThat(client.compatibility(answers + "-value")).isEqualTo(CompatibilityLevel.FULL);
            int fresh = client.register("new-value", SchemaBuilder.record("Fresh").fields().requiredInt("x").endRecord());
            assertThat(fresh).isNotIn(requestId, otherId).isGreaterThan(Math.max(requestId, otherId));
        }
    }
}
