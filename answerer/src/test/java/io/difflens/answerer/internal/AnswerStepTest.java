package io.difflens.answerer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.events.Tensors;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DType;
import io.difflens.schemas.DeadLetter;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VisualFeatures;
import io.difflens.schemas.VqaAnswer;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answerer's batch function on records built in memory: no broker, a real micro bundle. */
class AnswerStepTest {

    @TempDir
    static Path dir;

    static ModelBundle bundle;
    static final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    static AnswerStep step;

    @BeforeAll
    static void load() {
        MicroBundles.create(dir);
        // a CONCAT answerer reads both branches: twice the bundle's 32 channels
        MicroBundles.addAnswererVariant(dir, ModelBundle.CONCAT_ANSWERER, 64, 5);
        bundle = ModelBundle.load(dir, io.difflens.models.bundle.ComputeTarget.cpu());
        step = new AnswerStep(bundle, new Answerer(bundle), new AvroDeserializer<>(registry, VisualFeatures.class),
                "answers", "dead", 16, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    static FeatureTensor features(int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[4 * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = Tensors.roundToHalf((float) r.nextDouble(-1, 1));
        }
        return new FeatureTensor(4, channels, v);
    }

    static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>("features", 0, offset, key, value);
    }

    static byte[] encode(String id, FeatureTensor f, RequestOptions options) {
        VisualFeatures v = VisualFeatures.newBuilder().setRequestId(id).setPrompt("what color is it")
                .setOptions(options).setTraceContext(Map.of()).setCreatedAt(NOW.minusSeconds(2))
                .setFeatures(Tensors.encode(f.values(), List.of(f.tokens(), f.channels()), DType.F16))
                .setBundleId("micro").setAdapterVersion("v7").setTimings(Map.of("queue", 5.0, "extract", 3.0))
                .build();
        return new AvroSerializer<GenericContainer>(registry, AvroSerdeConfig.defaults(), false)
                .serialize("features", v);
    }

    @Test
    void answersLikeTheAnswererAndCarriesVersionsAndTimings() throws Exception {
        FeatureTensor f = features(32, 1);
        List<ProducerRecord<String, GenericContainer>> out = step.apply(List.of(record(0, "q1", encode("q1", f, null))));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo("answers");
        VqaAnswer a = (VqaAnswer) out.get(0).value();
        Answerer direct = new Answerer(bundle);
        assertThat(a.getStatus()).isEqualTo(AnswerStatus.OK);
        assertThat(a.getText()).isEqualTo(direct.answer(new AnswerInput(f, "what color is it"), direct.defaults()).text());
        assertThat(a.getAdapterVersion()).isEqualTo("v7");
        assertThat(a.getBundleId()).isEqualTo("micro");
        assertThat(a.getTimings()).containsEntry("extract", 3.0).containsEntry("end_to_end", 2000.0)
                .containsKeys("queue", "answer");
    }

    @Test
    void concatFeaturesGoToTheConcatAnswererAndOtherModesToTheBundlesOwn() throws Exception {
        RequestOptions concatMode = RequestOptions.newBuilder()
                .setFeatureMode(io.difflens.schemas.FeatureMode.CONCAT).build();
        FeatureTensor wide = features(64, 8);
        List<ProducerRecord<String, GenericContainer>> out = step.apply(List.of(
                record(0, "concat", encode("concat", wide, concatMode)),
                record(1, "cond-but-wide", encode("cond-but-wide", wide, null))));

        Map<String, VqaAnswer> answers = new java.util.HashMap<>();
        out.stream().filter(r -> r.topic().equals("answers"))
                .forEach(r -> answers.put(r.key(), (VqaAnswer) r.value()));
        Answerer concat = Answerer.variant(bundle, ModelBundle.CONCAT_ANSWERER).orElseThrow();
        VqaAnswer ok = answers.get("concat");
        assertThat(ok.getStatus()).as(ok.getError()).isEqualTo(AnswerStatus.OK);
        assertThat(ok.getText())
                .isEqualTo(concat.answer(new AnswerInput(wide, "what color is it"), concat.defaults()).text());
        VqaAnswer wrong = answers.get("cond-but-wide");
        assertThat(wrong.getStatus()).isEqualTo(AnswerStatus.REJECTED);
        assertThat(wrong.getError()).contains("features have 64 channels; the projector of bundle micro takes 32")
                .doesNotContain("CONCAT");
    }

    @Test
    void concatFeaturesWithoutAConcatAnswererAreRejectedWithAHint(@TempDir Path other) throws Exception {
        try (ModelBundle plain = MicroBundles.load(other)) {
            AnswerStep plainStep = new AnswerStep(plain, new Answerer(plain),
                    new AvroDeserializer<>(registry, VisualFeatures.class), "answers", "dead", 16,
                    Clock.fixed(NOW, ZoneOffset.UTC));
            RequestOptions concatMode = RequestOptions.newBuilder()
                    .setFeatureMode(io.difflens.schemas.FeatureMode.CONCAT).build();
            List<ProducerRecord<String, GenericContainer>> out =
                    plainStep.apply(List.of(record(0, "c", encode("c", features(64, 9), concatMode))));
            VqaAnswer a = (VqaAnswer) out.get(0).value();
            assertThat(a.getStatus()).isEqualTo(AnswerStatus.REJECTED);
            assertThat(a.getError()).contains("takes 32").contains("CONCAT features need a CONCAT answerer");
        }
    }

    @Test
    void badFeaturesAreRejectedAndDeadLetteredWhileTheRestOfTheBatchIsAnswered() throws Exception {
        List<ProducerRecord<String, GenericContainer>> out = step.apply(List.of(
                record(0, "wrong-width", encode("wrong-width", features(8, 2), null)),
                record(1, "garbage", new byte[] {1, 2, 3}),
                record(2, "too-long", encode("too-long", features(32, 3),
                        RequestOptions.newBuilder().setMaxNewTokens(17).build())),
                record(3, "fine", encode("fine", features(32, 4),
                        RequestOptions.newBuilder().setMaxNewTokens(2).build()))));

        List<VqaAnswer> answers = out.stream().filter(r -> r.topic().equals("answers"))
                .map(r -> (VqaAnswer) r.value()).toList();
        List<DeadLetter> dead = out.stream().filter(r -> r.topic().equals("dead"))
                .map(r -> (DeadLetter) r.value()).toList();
        assertThat(answers).extracting(VqaAnswer::getRequestId)
                .containsExactly("wrong-width", "garbage", "too-long", "fine");
        assertThat(answers.get(0).getError()).contains("features have 8 channels; the projector of bundle micro takes 32");
        assertThat(answers.get(1).getError()).startsWith("undecodable features");
        assertThat(answers.get(2).getError()).contains("maxNewTokens 17 is outside [1, 16]");
        assertThat(answers.subList(0, 3)).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(AnswerStatus.REJECTED));
        assertThat(answers.get(3).getStatus()).isEqualTo(AnswerStatus.OK);
        assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L, 2L);
        assertThat(dead).extracting(DeadLetter::getStage)
                .containsExactly("answerer.validate", "answerer.deserialize", "answerer.validate");
    }
}
