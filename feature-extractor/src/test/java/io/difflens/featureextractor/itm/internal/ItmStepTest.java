package io.difflens.featureextractor.itm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.itm.ItmLimits;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.AttentionMatcher;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DeadLetter;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScores;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch step with a real micro bundle and an in-memory registry: one scores record per request. */
class ItmStepTest {

    @TempDir
    static Path dir;
    private static ModelBundle bundle;
    private static final InMemorySchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void load() {
        bundle = MicroBundles.load(dir.resolve("micro"));
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    private static ItmStep step(Optional<ActiveAdapter> adapter) {
        AttentionMatcher matcher = new AttentionMatcher(bundle);
        return new ItmStep(new ItmStep.Routing("micro", "scores", "dead"),
                new ItmPlanner(bundle, matcher.defaults(), ItmLimits.DEFAULTS), matcher,
                new AvroDeserializer<>(REGISTRY, ItmRequest.class), () -> adapter, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConsumerRecord<String, byte[]> record(ItmRequest r) {
        byte[] bytes = new AvroSerializer<ItmRequest>(REGISTRY, AvroSerdeConfig.defaults(), false)
                .serialize("requests", r);
        return new ConsumerRecord<>("requests", 0, 5, r.getId(), bytes);
    }

    @Test
    void aRequestNamingItsReplyTopicIsAnsweredThere() {
        ItmRequest r = ItmRequest.newBuilder(ItmPlannerTest.request(List.of(ItmPlannerTest.png(1)),
                List.of("a red star", "a blue square"), null)).setReplyTopic("my-replies").build();
        List<ProducerRecord<String, GenericContainer>> out = step(Optional.empty()).apply(List.of(record(r)));
        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo("my-replies");
            ItmScores s = (ItmScores) p.value();
            assertThat(s.getStatus()).isEqualTo(AnswerStatus.OK);
            assertThat(s.getScores()).hasSize(1).allSatisfy(row -> assertThat(row).hasSize(2));
            assertThat(s.getAdapterVersion()).isNull();
            assertThat(s.getCreatedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void aModelFailureGivesAFailedScoresRecordAndADeadLetter() {
        // an adapter the bundle never loaded makes the matcher throw inside the model call
        List<ProducerRecord<String, GenericContainer>> out = step(Optional.of(ActiveAdapter.of("ghost", "4")))
                .apply(List.of(record(ItmPlannerTest.request(List.of(ItmPlannerTest.png(1)), List.of("a"), null))));
        assertThat(out).hasSize(2);
        ItmScores failed = (ItmScores) out.get(0).value();
        assertThat(out.get(0).topic()).isEqualTo("scores");
        assertThat(failed.getStatus()).isEqualTo(AnswerStatus.FAILED);
        assertThat(failed.getError()).startsWith("model error: no adapter 'ghost@4'");
        assertThat(failed.getAdapterVersion()).isEqualTo("4");
        assertThat(failed.getScores()).isEmpty();
        DeadLetter letter = (DeadLetter) out.get(1).value();
        assertThat(out.get(1).topic()).isEqualTo("dead");
        assertThat(letter.getStage()).isEqualTo("itm.match");
        assertThat(letter.getSourceOffset()).isEqualTo(5);
        assertThat(letter.getRequestId()).isEqualTo("r1");
    }
}
