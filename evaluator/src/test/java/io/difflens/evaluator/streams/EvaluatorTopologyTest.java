package io.difflens.evaluator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.topics.Topic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology with TopologyTestDriver: join in either order, late and missing labels, duplicates,
 * pairs (also split across windows), open-ended VQA, model versions, hopping windows.
 * Retention 5 min, tumbling windows of 10 min, no grace, unless a test says otherwise.
 */
class EvaluatorTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> CHOICES = List.of("one", "two", "three");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, VqaAnswer> answers;
    private TestInputTopic<String, Label> labels;
    private TestInputTopic<String, ItmScores> itm;
    private TestOutputTopic<String, MetricSnapshot> metrics;

    private void start(Duration window, Duration advance) {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerde<VqaAnswer> answerSerde = AvroSerde.specific(VqaAnswer.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<Label> labelSerde = AvroSerde.specific(Label.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<MetricSnapshot> metricSerde = AvroSerde.specific(MetricSnapshot.class, registry,
                AvroSerdeConfig.defaults(), false);
        AvroSerde<ItmScores> itmSerde = AvroSerde.specific(ItmScores.class, registry, AvroSerdeConfig.defaults(), false);
        EvaluatorConfig c = new EvaluatorConfig(new Topic<>("vqa.answers", Serdes.String(), answerSerde),
                new Topic<>("itm.scores", Serdes.String(), itmSerde), new Topic<>("vqa.labels", Serdes.String(), labelSerde), new Topic<>("metrics", Serdes.String(), metricSerde),
                Duration.ofMinutes(5), window, advance, Duration.ZERO);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluator-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(EvaluatorTopology.buildTopology(c), p);
        answers = driver.createInputTopic("vqa.answers", Serdes.String().serializer(), answerSerde.serializer());
        labels = driver.createInputTopic("vqa.labels", Serdes.String().serializer(), labelSerde.serializer());
        itm = driver.createInputTopic("itm.scores", Serdes.String().serializer(), itmSerde.serializer());
        metrics = driver.createOutputTopic("metrics", Serdes.String().deserializer(), metricSerde.deserializer());
    }

    private void start() {
        start(Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static VqaAnswer answer(String id, String text, AnswerStatus status, String bundle) {
        return VqaAnswer.newBuilder().setRequestId(id).setStatus(status).setText(text).setBundleId(bundle)
                .setAdapterVersion(null).setCreatedAt(T0).build();
    }

    private void answer(String id, String text, Duration at) {
        answers.pipeInput(id, answer(id, text, AnswerStatus.OK, "tiny"), T0.plus(at));
    }

    private void choiceLabel(String benchmark, String category, String id, int correct, String group, Integer member,
            Duration at) {
        labels.pipeInput(id, Label.newBuilder().setRequestId(id).setBenchmark(benchmark).setCategory(category)
                .setChoices(CHOICES).setCorrectChoice(correct).setGroupId(group).setMemberIndex(member).build(),
                T0.plus(at));
    }

    /** The last snapshot per "benchmark/category/metric [windowStart min] bundle", as "value x count". */
    private Map<String, String> latest() {
        Map<String, String> out = new LinkedHashMap<>();
        for (var r : metrics.readKeyValuesToList()) {
            MetricSnapshot s = r.value;
            String window = s.getWindowEnd().equals(EvaluatorTopology.FOREVER) ? "all"
                    : Duration.between(T0, s.getWindowStart()).toMinutes() + "-"
                            + Duration.between(T0, s.getWindowEnd()).toMinutes();
            out.put(r.key + " [" + window + "] " + s.getBundleId(), s.getValue() + " x " + s.getCount());
        }
        return out;
    }

    @Test
    void joinsWhicheverArrivesFirst() {
        start();
        // q1: answer, then its label 10 s later -> right ("two" is choice 1)
        answer("q1", "two", Duration.ofSeconds(0));
        choiceLabel("blink", "Counting", "q1", 1, null, null, Duration.ofSeconds(10));
        // q2: label first, answer 20 s later -> wrong ("(A)" but the answer is choice 2)
        choiceLabel("blink", "Counting", "q2", 2, null, null, Duration.ofSeconds(30));
        answer("q2", "(A)", Duration.ofSeconds(50));
        // cumulative and window [0, 10) for the subtask and for the whole benchmark: 1/1, then 1/2
        assertThat(latest()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "blink/Counting/accuracy [all] tiny", "0.5 x 2",
                "blink//accuracy [all] tiny", "0.5 x 2",
                "blink/Counting/accuracy [0-10] tiny", "0.5 x 2",
                "blink//accuracy [0-10] tiny", "0.5 x 2"));
    }

    @Test
    void labelsLaterThanTheRetentionAndMissingLabelsAreNotScored() {
        start();
        answer("late", "one", Duration.ZERO);
        // 6 min after its answer: beyond the 5 min retention
        choiceLabel("blink", "Counting", "late", 0, null, null, Duration.ofMinutes(6));
        // an answer whose label never comes
        answer("orphan", "one", Duration.ofMinutes(7));
        assertThat(metrics.isEmpty()).isTrue();
        // a label 4 min 59 s after its answer still joins
        answer("slow", "one", Duration.ofMinutes(8));
        choiceLabel("blink", "Counting", "slow", 0, null, null, Duration.ofMinutes(12).plusSeconds(59));
        assertThat(latest()).containsEntry("blink/Counting/accuracy [all] tiny", "1.0 x 1")
                .containsEntry("blink/Counting/accuracy [10-20] tiny", "1.0 x 1");
    }

    @Test
    void duplicateAnswersAndLabelsCountOnce() {
        start();
        answer("q1", "one", Duration.ZERO);
        answer("q1", "one", Duration.ofSeconds(1));
        choiceLabel("blink", "Counting", "q1", 0, null, null, Duration.ofSeconds(2));
        choiceLabel("blink", "Counting", "q1", 0, null, null, Duration.ofSeconds(3));
        assertThat(latest()).containsEntry("blink/Counting/accuracy [all] tiny", "1.0 x 1");
    }

    @Test
    void rememberedRequestIdsAndPendingPairsAreForgottenAfterTheRetention() {
        start();
        answer("q1", "one", Duration.ZERO);
        choiceLabel("blink", "Counting", "q1", 0, null, null, Duration.ZERO);
        answer("p0", "one", Duration.ZERO);
        choiceLabel("mmvp", null, "p0", 0, "lonely", 0, Duration.ZERO);
        KeyValueStore<String, Long> seen = driver.getKeyValueStore(EvaluatorTopology.DEDUP_STORE);
        KeyValueStore<String, Object> pending = driver.getKeyValueStore(EvaluatorTopology.PAIR_STORE);
        assertThat(seen.get("q1")).isEqualTo(T0.toEpochMilli());
        assertThat(pending.get("mmvp/lonely")).isNotNull();
        // stream time moves 11 min on (past the 5 min retention and two punctuation intervals); the pair
        // sub-topology's stream time moves with a new pair member
        answer("x", "one", Duration.ofMinutes(11));
        choiceLabel("mmvp", null, "x", 0, "other", 0, Duration.ofMinutes(11));
        assertThat(seen.get("q1")).isNull();
        assertThat(seen.get("x")).isNotNull();
        assertThat(pending.get("mmvp/lonely")).isNull();
        assertThat(pending.get("mmvp/other")).isNotNull();
    }

    @Test
    void failedAnswersAreNotScored() {
        start();
        answers.pipeInput("f", answer("f", null, AnswerStatus.FAILED, "tiny"), T0);
        choiceLabel("blink", "Counting", "f", 0, null, null, Duration.ofSeconds(1));
        assertThat(metrics.isEmpty()).isTrue();
    }

    @Test
    void pairWaitsForBothMembersAndCountsInTheWindowWhereItCompletes() {
        start();
        // member 0 at 9 min (window 0-10), right
        answer("p0", "one", Duration.ofMinutes(9));
        choiceLabel("mmvp", null, "p0", 0, "pair-1", 0, Duration.ofMinutes(9));
        KeyValueStore<String, Object> pending = driver.getKeyValueStore(EvaluatorTopology.PAIR_STORE);
        assertThat(pending.get("mmvp/pair-1")).isNotNull();
        assertThat(latest()).doesNotContainKey("mmvp//pair_accuracy [all] tiny")
                .containsEntry("mmvp//accuracy [0-10] tiny", "1.0 x 1");
        // member 1 at 11 min (window 10-20), right -> the pair is right, counted in window 10-20
        answer("p1", "three", Duration.ofMinutes(11));
        choiceLabel("mmvp", null, "p1", 2, "pair-1", 1, Duration.ofMinutes(11));
        assertThat(pending.get("mmvp/pair-1")).isNull();
        assertThat(latest()).containsEntry("mmvp//pair_accuracy [all] tiny", "1.0 x 1")
                .containsEntry("mmvp//pair_accuracy [10-20] tiny", "1.0 x 1")
                .containsEntry("mmvp//accuracy [10-20] tiny", "1.0 x 1")
                .doesNotContainKey("mmvp//pair_accuracy [0-10] tiny");
    }

    @Test
    void aPairWithOneWrongMemberIsWrong() {
        start();
        answer("a0", "one", Duration.ZERO);
        choiceLabel("mmvp", null, "a0", 0, "g", 0, Duration.ZERO);
        answer("a1", "one", Duration.ofSeconds(5));
        choiceLabel("mmvp", null, "a1", 1, "g", 1, Duration.ofSeconds(5));
        // questions 1 of 2 right, pair 0 of 1
        assertThat(latest()).containsEntry("mmvp//accuracy [all] tiny", "0.5 x 2")
                .containsEntry("mmvp//pair_accuracy [all] tiny", "0.0 x 1");
    }

    @Test
    void openEndedAnswersGetVqaAccuracyAndExactMatch() {
        start();
        answer("v", "Two", Duration.ZERO);
        List<String> refs = new ArrayList<>(Collections.nCopies(3, "2"));
        refs.addAll(Collections.nCopies(7, "3"));
        labels.pipeInput("v", Label.newBuilder().setRequestId("v").setBenchmark("vqav2").setCategory(null)
                .setReferenceAnswers(refs).build(), T0);
        // leave-one-out: (3 x 2/3 + 7 x 1) / 10 = 0.9; "Two" normalises to "2", a reference -> exact match 1
        assertThat(latest()).containsEntry("vqav2//vqa_accuracy [all] tiny", "0.9 x 1")
                .containsEntry("vqav2//exact_match [all] tiny", "1.0 x 1");
    }

    @Test
    void modelVersionsAreSeparateSeries() {
        start();
        answers.pipeInput("x", answer("x", "one", AnswerStatus.OK, "tiny"), T0);
        choiceLabel("blink", "Counting", "x", 0, null, null, Duration.ZERO);
        answers.pipeInput("y", answer("y", "one", AnswerStatus.OK, "sdxl"), T0);
        choiceLabel("blink", "Counting", "y", 1, null, null, Duration.ZERO);
        assertThat(latest()).containsEntry("blink/Counting/accuracy [all] tiny", "1.0 x 1")
                .containsEntry("blink/Counting/accuracy [all] sdxl", "0.0 x 1");
    }

    @Test
    void hoppingWindowsCountAnItemInEveryWindowThatCoversIt() {
        start(Duration.ofMinutes(10), Duration.ofMinutes(5));
        answer("h", "one", Duration.ofMinutes(7));
        choiceLabel("blink", "Counting", "h", 0, null, null, Duration.ofMinutes(7));
        // 7 min lies in [0, 10) and [5, 15)
        assertThat(latest()).containsEntry("blink/Counting/accuracy [0-10] tiny", "1.0 x 1")
                .containsEntry("blink/Counting/accuracy [5-15] tiny", "1.0 x 1");
    }

    private void itm(String id, String benchmark, String category, float i0t0, float i0t1, float i1t0, float i1t1) {
        itm.pipeInput(id, ItmScores.newBuilder().setRequestId(id).setStatus(AnswerStatus.OK)
                .setScores(List.of(List.of(i0t0, i0t1), List.of(i1t0, i1t1))).setBundleId("tiny").setCreatedAt(T0)
                .build(), T0);
        labels.pipeInput(id, Label.newBuilder().setRequestId(id).setBenchmark(benchmark).setCategory(category).build(),
                T0.plusSeconds(1));
    }

    @Test
    void winogroundFromImageTextScores() {
        start();
        // scores[image][text]; caption X with image Y = scores[Y][X]
        // w1: c0i0 .9 > c1i0 .1 and c1i1 .8 > c0i1 .2 (text); .9 > .2 and .8 > .1 (image) -> all right
        itm("w1", "winoground", null, 0.9f, 0.1f, 0.2f, 0.8f);
        // w2: c0i0 .5 = c0i1 .5 (image tie -> wrong); text: .5 > c1i0 .1 and c1i1 .6 > c0i1 .5 -> right
        itm("w2", "winoground", null, 0.5f, 0.1f, 0.5f, 0.6f);
        assertThat(latest()).containsEntry("winoground//text_score [all] tiny", "1.0 x 2")
                .containsEntry("winoground//image_score [all] tiny", "0.5 x 2")
                .containsEntry("winoground//group_score [all] tiny", "0.5 x 2");
    }

    @Test
    void mmvpVlmPairsPerPatternFromImageTextScores() {
        start();
        // right: image 1 prefers statement 1 (.3 > .2), image 2 statement 2 (.4 > .1)
        itm("m1", "mmvp-vlm", "Texts", 0.3f, 0.2f, 0.1f, 0.4f);
        // wrong: image 2 prefers statement 1 (.5 > .4)
        itm("m2", "mmvp-vlm", "Texts", 0.3f, 0.2f, 0.5f, 0.4f);
        itm("m3", "mmvp-vlm", "Color and Appearance", 0.3f, 0.2f, 0.1f, 0.4f);
        assertThat(latest()).containsEntry("mmvp-vlm/Texts/pair_accuracy [all] tiny", "0.5 x 2")
                .containsEntry("mmvp-vlm/Color and Appearance/pair_accuracy [all] tiny", "1.0 x 1")
                .containsEntry("mmvp-vlm//pair_accuracy [all] tiny", String.valueOf(2 / 3.0) + " x 3");
    }
}
