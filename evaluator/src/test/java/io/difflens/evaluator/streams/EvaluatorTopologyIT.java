package io.difflens.evaluator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.Topic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology end to end on the embedded KRaft broker, with exactly-once v2. */
class EvaluatorTopologyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void scoresAnswersJoinedWithLabelsAndPublishesEachSnapshotOnce(@TempDir Path stateDir) {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerde<VqaAnswer> answerSerde = AvroSerde.specific(VqaAnswer.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<Label> labelSerde = AvroSerde.specific(Label.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<MetricSnapshot> metricSerde = AvroSerde.specific(MetricSnapshot.class, registry,
                AvroSerdeConfig.defaults(), false);
        AvroSerde<ItmScores> itmSerde = AvroSerde.specific(ItmScores.class, registry, AvroSerdeConfig.defaults(), false);
        String answers = KafkaTestKit.uniqueTopic("vqa.answers");
        String itm = KafkaTestKit.uniqueTopic("itm.scores");
        String labels = KafkaTestKit.uniqueTopic("vqa.labels");
        String metrics = KafkaTestKit.uniqueTopic("metrics");
        EvaluatorConfig config = EvaluatorConfig.tumbling(new Topic<>(answers, Serdes.String(), answerSerde),
                new Topic<>(itm, Serdes.String(), itmSerde), new Topic<>(labels, Serdes.String(), labelSerde), new Topic<>(metrics, Serdes.String(), metricSerde),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ZERO);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            KafkaTestKit kafka = KafkaTestKit.connect(broker.bootstrapServers());
            kafka.createTopic(answers, 2);
            kafka.createTopic(itm, 2);
            kafka.createTopic(labels, 2);
            kafka.createTopic(metrics, 1);
            Properties p = EvaluatorTopology.streamsProperties(KafkaTestKit.uniqueGroup("evaluator"),
                    broker.bootstrapServers());
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
            try (KafkaStreams streams = new KafkaStreams(EvaluatorTopology.buildTopology(config), p)) {
                streams.start();
                long now = Instant.now().toEpochMilli();
                List<String> choices = List.of("one", "two");
                kafka.produce(Serdes.String().serializer(), answerSerde.serializer(), List.of(
                        new ProducerRecord<>(answers, null, now, "q1", VqaAnswer.newBuilder().setRequestId("q1")
                                .setStatus(AnswerStatus.OK).setText("(A)").setBundleId("tiny").setCreatedAt(Instant.now())
                                .build()),
                        new ProducerRecord<>(answers, null, now, "q2", VqaAnswer.newBuilder().setRequestId("q2")
                                .setStatus(AnswerStatus.OK).setText("one").setBundleId("tiny").setCreatedAt(Instant.now())
                                .build())));
                kafka.produce(Serdes.String().serializer(), labelSerde.serializer(), List.of(
                        new ProducerRecord<>(labels, null, now + 1000, "q1", Label.newBuilder().setRequestId("q1")
                                .setBenchmark("blink").setCategory("Counting").setChoices(choices).setCorrectChoice(0)
                                .build()),
                        new ProducerRecord<>(labels, null, now + 1000, "q2", Label.newBuilder().setRequestId("q2")
                                .setBenchmark("blink").setCategory("Counting").setChoices(choices).setCorrectChoice(1)
                                .build())));

                // 2 answers x (subtask + whole benchmark) x (cumulative + window) = 8 snapshots, each exactly once
                List<ConsumerRecord<String, MetricSnapshot>> out = kafka.awaitCommitted(metrics, 8,
                        Serdes.String().deserializer(), metricSerde.deserializer(), TIMEOUT);
                assertThat(out).hasSize(8);
                Map<String, String> cumulative = new LinkedHashMap<>();
                for (ConsumerRecord<String, MetricSnapshot> r : out) {
                    if (r.value().getWindowEnd().equals(EvaluatorTopology.FOREVER)) {
                        cumulative.put(r.key(), r.value().getValue() + " x " + r.value().getCount());
                    }
                }
                // q1 right ("(A)" = "one"), q2 wrong ("one" but "two" is correct): 1 of 2
                assertThat(cumulative).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "blink/Counting/accuracy", "0.5 x 2", "blink//accuracy", "0.5 x 2"));
            }
        }
    }
}
