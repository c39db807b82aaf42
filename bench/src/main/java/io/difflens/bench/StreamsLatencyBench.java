package io.difflens.bench;

import io.difflens.evaluator.streams.EvaluatorConfig;
import io.difflens.evaluator.streams.EvaluatorTopology;
import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroSerde;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.topics.Topic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end delay of the evaluator's Kafka Streams app on the embedded broker: answers and their labels are
 * produced at a fixed rate (default 1 000 answers/s, each label right after its answer), and for every answer
 * the delay is the time from handing both to the producers to the arrival, at a {@code read_committed} consumer, of the
 * first cumulative {@code MetricSnapshot} whose count includes it.
 *
 * <p>Input topics have one partition each, so answers join in the order they were sent and the k-th answer is
 * counted by the first snapshot with count ≥ k. Exactly-once v2, the Streams record cache at its default, and
 * the commit interval as given: under exactly-once a snapshot becomes visible only when its transaction
 * commits, so the commit interval bounds the delay from below.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.difflens.bench.StreamsLatencyBench [rate/s] [warm-up s] [measured s] [commit ms]</pre>
 */
public final class StreamsLatencyBench {
    private StreamsLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int measuredSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long commitMs = args.length > 3 ? Long.parseLong(args[3]) : 100;
        int total = rate * (warmupSeconds + measuredSeconds);
        int warmup = rate * warmupSeconds;

        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerde<VqaAnswer> answerSerde = AvroSerde.specific(VqaAnswer.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<Label> labelSerde = AvroSerde.specific(Label.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<ItmScores> itmSerde = AvroSerde.specific(ItmScores.class, registry, AvroSerdeConfig.defaults(), false);
        AvroSerde<MetricSnapshot> metricSerde = AvroSerde.specific(MetricSnapshot.class, registry,
                AvroSerdeConfig.defaults(), false);
        EvaluatorConfig config = EvaluatorConfig.tumbling(new Topic<>("bench.vqa.answers", Serdes.String(), answerSerde),
                new Topic<>("bench.itm.scores", Serdes.String(), itmSerde), new Topic<>("bench.vqa.labels", Serdes.String(), labelSerde),
                new Topic<>("bench.metrics", Serdes.String(), metricSerde), Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofSeconds(10));
        Path stateDir = Files.createTempDirectory("evaluator-bench-state");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("bench.vqa.answers", 1, (short) 1),
                        new NewTopic("bench.vqa.labels", 1, (short) 1), new NewTopic("bench.itm.scores", 1, (short) 1),
                        new NewTopic("bench.metrics", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            Properties p = EvaluatorTopology.streamsProperties("evaluator-bench-" + UUID.randomUUID(), bootstrap);
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);

            long[] labelSentNanos = new long[total];
            long[] seenNanos = new long[total];
            Arrays.fill(seenNanos, -1);
            try (KafkaStreams streams = new KafkaStreams(EvaluatorTopology.buildTopology(config), p);
                    KafkaConsumer<String, MetricSnapshot> metrics = new KafkaConsumer<>(consumerProps(bootstrap),
                            new StringDeserializer(), metricSerde.deserializer());
                    KafkaProducer<String, VqaAnswer> answers = new KafkaProducer<>(producerProps(bootstrap),
                            new StringSerializer(), answerSerde.serializer());
                    KafkaProducer<String, Label> labels = new KafkaProducer<>(producerProps(bootstrap),
                            new StringSerializer(), labelSerde.serializer())) {
                streams.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("streams not RUNNING: " + streams.state());
                    }
                    Thread.sleep(100);
                }
                metrics.subscribe(List.of("bench.metrics"));
                metrics.poll(Duration.ofMillis(500));

                Thread producer = new Thread(() -> produce(answers, labels, rate, total, labelSentNanos), "bench-producer");
                long start = System.nanoTime();
                producer.start();
                int counted = 0;
                long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds + measuredSeconds + 60);
                while (counted < total && System.nanoTime() < quiet) {
                    for (ConsumerRecord<String, MetricSnapshot> r : metrics.poll(Duration.ofMillis(20))) {
                        MetricSnapshot s = r.value();
                        if (!EvaluatorTopology.FOREVER.equals(s.getWindowEnd()) || s.getCategory() == null
                                || !"accuracy".equals(s.getMetric())) {
                            continue;
                        }
                        long now = System.nanoTime();
                        int upTo = (int) Math.min(total, s.getCount());
                        for (int i = counted; i < upTo; i++) {
                            seenNanos[i] = now;
                        }
                        counted = Math.max(counted, upTo);
                    }
                }
                producer.join();
                double seconds = (System.nanoTime() - start) / 1e9;
                report(labelSentNanos, seenNanos, warmup, total, rate, commitMs, seconds);
            }
        }
    }

    private static void produce(KafkaProducer<String, VqaAnswer> answers, KafkaProducer<String, Label> labels, int rate,
            int total, long[] labelSentNanos) {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        List<String> choices = List.of("one", "two", "three", "four");
        for (int i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            next += periodNanos;
            String id = "r" + i;
            long ts = System.currentTimeMillis();
            answers.send(new ProducerRecord<>("bench.vqa.answers", null, ts, id, VqaAnswer.newBuilder().setRequestId(id)
                    .setStatus(AnswerStatus.OK).setText(i % 3 == 0 ? "(B)" : "(A) one").setBundleId("tiny")
                    .setCreatedAt(Instant.ofEpochMilli(ts)).build()));
            labels.send(new ProducerRecord<>("bench.vqa.labels", null, ts, id, Label.newBuilder().setRequestId(id)
                    .setBenchmark("bench").setCategory("c").setChoices(choices).setCorrectChoice(0).build()));
            // the join fires on whichever of the two arrives second: time from after both were handed over
            labelSentNanos[i] = System.nanoTime();
        }
        answers.flush();
        labels.flush();
    }

    private static void report(long[] sent, long[] seen, int from, int total, int rate, long commitMs, double seconds) {
        int missing = 0;
        long[] delays = new long[total - from];
        int n = 0;
        for (int i = from; i < total; i++) {
            if (seen[i] < 0) {
                missing++;
            } else {
                delays[n++] = seen[i] - sent[i];
            }
        }
        long[] d = Arrays.copyOf(delays, n);
        Arrays.sort(d);
        System.out.printf("rate=%d answers/s, commit.interval.ms=%d, measured answers=%d, not seen=%d, run %.1f s%n",
                rate, commitMs, total - from, missing, seconds);
        if (n > 0) {
            System.out.printf("label -> MetricSnapshot delay ms: p50=%.1f p90=%.1f p99=%.1f max=%.1f mean=%.1f%n",
                    pct(d, 0.50), pct(d, 0.90), pct(d, 0.99), d[n - 1] / 1e6, Arrays.stream(d).average().orElse(0) / 1e6);
        }
        // the same per five seconds of sending: shows whether the tail is spread out or a few stalls
        int bucket = rate * 5;
        for (int b = from; b < total; b += bucket) {
            long[] part = new long[Math.min(bucket, total - b)];
            int m = 0;
            for (int i = b; i < b + part.length; i++) {
                if (seen[i] >= 0) {
                    part[m++] = seen[i] - sent[i];
                }
            }
            long[] sorted = Arrays.copyOf(part, m);
            Arrays.sort(sorted);
            if (m > 0) {
                System.out.printf("  answers %6d..%6d: p50=%.1f p99=%.1f max=%.1f ms%n", b, b + part.length - 1,
                        pct(sorted, 0.50), pct(sorted, 0.99), sorted[m - 1] / 1e6);
            }
        }
    }

    private static double pct(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private static Map<String, Object> producerProps(String bootstrap) {
        Map<String, Object> m = new HashMap<>();
        m.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        m.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        return m;
    }

    private static Map<String, Object> consumerProps(String bootstrap) {
        Map<String, Object> m = new HashMap<>();
        m.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        m.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-metrics-" + UUID.randomUUID());
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return m;
    }
}
