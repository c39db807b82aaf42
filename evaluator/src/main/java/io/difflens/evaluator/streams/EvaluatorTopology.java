package io.difflens.evaluator.streams;

import io.difflens.evaluator.streams.internal.FirstOnly;
import io.difflens.evaluator.streams.internal.JsonSerde;
import io.difflens.evaluator.streams.internal.Mean;
import io.difflens.evaluator.streams.internal.MetricKey;
import io.difflens.evaluator.streams.internal.PairCompleter;
import io.difflens.evaluator.streams.internal.PendingGroup;
import io.difflens.evaluator.streams.internal.Scored;
import io.difflens.evaluator.streams.internal.Scoring;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The evaluator's Kafka Streams topology, built by a pure function from its config:
 * <ol>
 *   <li>{@code vqa.answers} (status OK only) ⋈ {@code vqa.labels} by request id, whichever arrives
 *       first, within {@link EvaluatorConfig#joinRetention()} of each other (a windowed stream-stream
 *       join: its stores forget after the retention, so labels that never come cost nothing);</li>
 *   <li>repeats of a request id (re-sent answers or labels) are dropped, the first join counts;</li>
 *   <li>each answer is scored against its label ({@link Scoring}): multiple choice accuracy, VQA soft
 *       accuracy and exact match;</li>
 *   <li>pair members (label group id) are re-keyed by pair and wait for each other; a completed pair
 *       gives one {@code pair_accuracy} observation;</li>
 *   <li>{@code itm.scores} ⋈ {@code vqa.labels} the same way: a 2 × 2 score matrix gives Winoground's
 *       {@code text_score}, {@code image_score}, {@code group_score} or MMVP-VLM's {@code pair_accuracy}
 *       (per pattern = label category);</li>
 *   <li>observations are averaged per benchmark × category × bundle × adapter version × metric, and
 *       again with category null for the whole benchmark — cumulatively (window [0, +∞)) and per
 *       window (tumbling or hopping) — and written to {@code metrics} as {@link MetricSnapshot}s keyed
 *       "benchmark/category/metric".</li>
 * </ol>
 */
public final class EvaluatorTopology {
    static final String DEDUP_STORE = "evaluator-joined-seen";
    static final String ITM_DEDUP_STORE = "evaluator-itm-joined-seen";
    static final String PAIR_STORE = "evaluator-pending-pairs";
    static final String TOTALS_STORE = "evaluator-metric-totals";
    static final String WINDOWS_STORE = "evaluator-metric-windows";
    /** windowEnd of cumulative snapshots. */
    public static final Instant FOREVER = Instant.ofEpochMilli(Long.MAX_VALUE);

    private EvaluatorTopology() {
    }

    /** Joined answer and label. */
    private record Joined(VqaAnswer answer, Label label) {
    }

    /** Joined image-text scores and label. */
    private record JoinedItm(ItmScores scores, Label label) {
    }

    public static Topology buildTopology(EvaluatorConfig c) {
        JsonSerde<Scored> scoredSerde = new JsonSerde<>(Scored.class);
        JsonSerde<Mean> meanSerde = new JsonSerde<>(Mean.class);
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE), Serdes.String(),
                Serdes.Long()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ITM_DEDUP_STORE), Serdes.String(),
                Serdes.Long()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAIR_STORE), Serdes.String(),
                new JsonSerde<>(PendingGroup.class)));

        KStream<String, VqaAnswer> answers = b.stream(c.answers().name(),
                Consumed.with(Serdes.String(), c.answers().valueSerde()))
                .filter((id, a) -> a != null && a.getStatus() == AnswerStatus.OK);
        KStream<String, Label> labels = b.stream(c.labels().name(), Consumed.with(Serdes.String(), c.labels().valueSerde()))
                .filter((id, l) -> l != null);

        KStream<String, Scored> scored = answers
                .join(labels, Joined::new, JoinWindows.ofTimeDifferenceAndGrace(c.joinRetention(), c.grace()),
                        StreamJoined.with(Serdes.String(), c.answers().valueSerde(), c.labels().valueSerde())
                                .withStoreName("evaluator-answer-label-join"))
                .processValues(() -> new FirstOnly<>(DEDUP_STORE, c.joinRetention()), DEDUP_STORE)
                .flatMapValues(j -> Scoring.score(j.answer(), j.label()));

        KStream<String, Scored> itm = b.stream(c.itmScores().name(), Consumed.with(Serdes.String(), c.itmScores().valueSerde()))
                .filter((id, s) -> s != null && s.getStatus() == AnswerStatus.OK)
                .join(labels, JoinedItm::new, JoinWindows.ofTimeDifferenceAndGrace(c.joinRetention(), c.grace()),
                        StreamJoined.with(Serdes.String(), c.itmScores().valueSerde(), c.labels().valueSerde())
                                .withStoreName("evaluator-itm-label-join"))
                .processValues(() -> new FirstOnly<>(ITM_DEDUP_STORE, c.joinRetention()), ITM_DEDUP_STORE)
                .flatMapValues(j -> Scoring.scoreItm(j.scores(), j.label()));

        KStream<String, Scored> pairs = scored
                .filter((id, s) -> s.groupId() != null && Scoring.ACCURACY.equals(s.metric()))
                .selectKey((id, s) -> s.benchmark() + "/" + s.groupId())
                .repartition(Repartitioned.with(Serdes.String(), scoredSerde).withName("evaluator-pairs"))
                .process(() -> new PairCompleter(PAIR_STORE, c.joinRetention(), Scoring.PAIR_ACCURACY), PAIR_STORE);

        KGroupedStream<String, Scored> byMetric = scored.merge(pairs).merge(itm)
                .flatMap((id, s) -> {
                    List<KeyValue<String, Scored>> out = new ArrayList<>(2);
                    out.add(KeyValue.pair(encode(s.key()), s));
                    if (s.category() != null) {
                        Scored whole = s.withCategory(null);
                        out.add(KeyValue.pair(encode(whole.key()), whole));
                    }
                    return out;
                })
                .groupByKey(Grouped.with("evaluator-metric-items", Serdes.String(), scoredSerde));

        byMetric.aggregate(() -> Mean.EMPTY, (k, s, m) -> m.plus(s.value()),
                        Materialized.<String, Mean, KeyValueStore<Bytes, byte[]>>as(TOTALS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(meanSerde))
                .toStream()
                .map((k, m) -> snapshot(decode(k), m, Instant.EPOCH, FOREVER))
                .to(c.metrics().name(), Produced.with(Serdes.String(), c.metrics().valueSerde()));

        byMetric.windowedBy(TimeWindows.ofSizeAndGrace(c.window(), c.grace()).advanceBy(c.advance()))
                .aggregate(() -> Mean.EMPTY, (k, s, m) -> m.plus(s.value()),
                        Materialized.<String, Mean, WindowStore<Bytes, byte[]>>as(WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(meanSerde))
                .toStream()
                .map((wk, m) -> snapshot(decode(wk.key()), m, wk.window().startTime(), wk.window().endTime()))
                .to(c.metrics().name(), Produced.with(Serdes.String(), c.metrics().valueSerde()));
        return b.build();
    }

    /** Streams properties for running the topology: exactly-once v2, string keys. */
    public static Properties streamsProperties(String applicationId, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    private static final JsonSerde<MetricKey> KEY_SERDE = new JsonSerde<>(MetricKey.class);

    private static String encode(MetricKey k) {
        return new String(KEY_SERDE.serializer().serialize("", k), StandardCharsets.UTF_8);
    }

    private static MetricKey decode(String s) {
        return KEY_SERDE.deserializer().deserialize("", s.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyValue<String, MetricSnapshot> snapshot(MetricKey k, Mean m, Instant start, Instant end) {
        MetricSnapshot s = MetricSnapshot.newBuilder().setBenchmark(k.benchmark()).setCategory(k.category())
                .setMetric(k.metric()).setValue(m.value()).setCount(m.count()).setWindowStart(start)
                .setWindowEnd(end).setBundleId(k.bundleId()).setAdapterVersion(k.adapterVersion()).build();
        return KeyValue.pair(k.topicKey(), s);
    }
}
