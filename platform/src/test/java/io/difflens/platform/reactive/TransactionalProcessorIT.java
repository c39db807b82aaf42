package io.difflens.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.deadletter.DeadLetter;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.deadletter.JsonDeadLetterSerde;
import io.difflens.platform.observability.ProcessorMetrics;
import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

@ExtendWith(EmbeddedKafkaExtension.class)
class TransactionalProcessorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ProcessingConfig FAST = ProcessingConfig.DEFAULTS.withBatching(10, Duration.ofMillis(50))
            .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private final KafkaTestKit kafka;
    private String in;
    private String out;
    private String dlq;

    TransactionalProcessorIT(KafkaTestKit kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void topics() {
        in = KafkaTestKit.uniqueTopic("in");
        out = KafkaTestKit.uniqueTopic("out");
        dlq = KafkaTestKit.uniqueTopic("dlq");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, 4);
        kafka.createTopic(dlq, 1);
    }

    @Test
    void everyInputGivesOneOutputInOrderPerKey() {
        produceInputs(100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var p = processor(upperCase(), Serdes.String(), KafkaTestKit.uniqueGroup("g"),
                new ProcessorMetrics(registry, "upper")).start()) {
            List<ConsumerRecord<String, String>> outputs = kafka.awaitCommittedStrings(out, 100, TIMEOUT);
            Eventually.until(() -> registry.get("difflens.records.in").counter().count() == 100, TIMEOUT,
                    () -> "records.in reaches 100");
            assertThat(registry.get("difflens.records.out").counter().count()).isEqualTo(100);
            assertThat(registry.get("difflens.batch.size").summary().max()).isBetween(1.0, 10.0);
            assertThat(registry.get("difflens.consumer.lag").gauges()).isNotEmpty();
            assertThat(p.isRunning()).isTrue();
            assertThat(outputs).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(expectedOutputs(100));
            // keys k0..k3 each landed on one partition; their outputs keep input order
            Map<String, List<String>> byKey = outputs.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
            byKey.values().forEach(values -> assertThat(values).isSortedAccordingTo(
                    (a, b) -> Integer.compare(number(a), number(b))));
        }
        assertThat(kafka.readCommittedBytes(dlq, TIMEOUT)).isEmpty();
    }

    @Test
    void undecodableRecordIsDeadLetteredAndTheRestProcessed() {
        produceInputs(10);
        kafka.produce(in, "k1", "poison");
        produceInputs(10, 10);
        Serde<String> strict = Serdes.serdeFrom(new StringSerializer(), rejecting("poison"));
        try (var p = processor(upperCase(), strict).start()) {
            assertThat(kafka.awaitCommittedStrings(out, 20, TIMEOUT)).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(expectedOutputs(20));
            List<DeadLetter> dead = deadLetters(1);
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.sourceTopic()).isEqualTo(in);
                assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
                assertThat(new String(d.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
                assertThat(d.requestId()).hasValue("k1");
                assertThat(d.stage()).isEqualTo("deserialize");
                assertThat(d.errorClass()).isEqualTo(SerializationException.class.getName());
            });
            assertThat(p.isRunning()).as("a poison record does not stop the processor").isTrue();
        }
    }

    @Test
    void recordThatKeepsFailingIsDeadLetteredAfterRetriesAndTheRestProcessed() {
        produceInputs(30);
        AtomicInteger calls = new AtomicInteger();
        BatchFunction<String, String, String, String> failsOnV7 = batch -> {
            calls.incrementAndGet();
            if (batch.stream().anyMatch(r -> r.value().equals("v7"))) {
                throw new IllegalArgumentException("cannot handle v7");
            }
            return upperCase().apply(batch);
        };
        try (var p = processor(failsOnV7, Serdes.String()).start()) {
            List<String> expected = new ArrayList<>(expectedOutputs(30));
            expected.remove("V7");
            assertThat(kafka.awaitCommittedStrings(out, 29, TIMEOUT)).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(deadLetters(1)).singleElement().satisfies(d -> {
                assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("v7");
                assertThat(d.stage()).isEqualTo("upper-case");
                assertThat(d.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(d.errorMessage()).isEqualTo("cannot handle v7");
            });
            assertThat(p.isRunning()).as("a failing record does not stop the processor").isTrue();
        }
        // the batch holding v7: 3 tries; then v7 alone: 3 tries
        assertThat(calls.get()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void transientFailureIsRetriedWithoutDuplicatesOrDeadLetters() {
        produceInputs(40);
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        BatchFunction<String, String, String, String> flaky = batch -> {
            boolean first = batch.stream().anyMatch(r -> seen.computeIfAbsent(r.value(), v -> new AtomicInteger())
                    .incrementAndGet() == 1 && r.value().equals("v13"));
            if (first) {
                throw new IllegalStateException("transient");
            }
            return upperCase().apply(batch);
        };
        try (var p = processor(flaky, Serdes.String()).start()) {
            kafka.awaitCommittedStrings(out, 40, TIMEOUT);
            assertThat(p.isRunning()).isTrue();
        }
        assertThat(kafka.readCommittedStrings(out, TIMEOUT)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(expectedOutputs(40));
        assertThat(seen.get("v13").get()).as("v13 was retried").isGreaterThanOrEqualTo(2);
        assertThat(kafka.readCommittedBytes(dlq, TIMEOUT)).isEmpty();
    }

    @Test
    void aZombieWithTheSameTransactionalIdIsFencedAndStopsWhileOutputsStayExactlyOnce() {
        produceInputs(50);
        String group = KafkaTestKit.uniqueGroup("zombie");
        String txId = KafkaTestKit.uniqueGroup("tx");
        // A fenced zombie may learn it only when a flush, sendOffsetsToTransaction or commitTransaction gives up
        // (delivery.timeout.ms 120 s, max.block.ms 60 s each by default): 4 minutes in all, past the bound below.
        // A zombie outlived that bound once, on a loaded machine, probably so; these client bounds keep it to 90 s.
        KafkaClientConfig bounded = new KafkaClientConfig(kafka.bootstrapServers(), Map.of(),
                Map.of("max.block.ms", "30000", "request.timeout.ms", "15000", "delivery.timeout.ms", "30000"),
                Map.of(), Map.of(), Map.of());
        try (var zombie = processor(upperCase(), Serdes.String(), group, txId, bounded).start()) {
            kafka.awaitCommittedStrings(out, 50, TIMEOUT);
            try (var successor = processor(upperCase(), Serdes.String(), group, txId, bounded).start()) {
                produceInputs(50, 150);
                StepVerifier.create(zombie.termination())
                        // Under transactions v2 (Kafka 4) the broker tells a fenced zombie in several ways
                        // (ProducerFenced, InvalidTxnState, or an unexpected error on EndTxn), depending on timing.
                        // The contract is that it stops for good and the outputs stay exactly once (below).
                        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining(txId))
                        // the fenced zombie's last flush, commit or abort may block for the client bounds above on
                        // a loaded machine before the broker's answer reaches it: a bound, not a speed claim
                        .verify(TIMEOUT.multipliedBy(3));
                kafka.awaitCommittedStrings(out, 200, TIMEOUT);
                assertThat(successor.isRunning()).isTrue();
            }
        }
        assertThat(kafka.readCommittedStrings(out, TIMEOUT)).extracting(ConsumerRecord::value)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedOutputs(200));
    }

    @Test
    void commitFailingWhileTheNextBatchWasTransformedLosesAndDuplicatesNothing() {
        produceInputs(40);
        // The first batch's commit is held until the function has been called for the next batch (which only
        // happens while that commit is in flight when commits overlap), and then fails.
        CountDownLatch secondCall = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean injected = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<String> secondBatch = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> transformed = new ConcurrentHashMap<>();
        AtomicInteger committedInputs = new AtomicInteger();
        AtomicInteger committedOutputs = new AtomicInteger();
        List<Throwable> aborts = new CopyOnWriteArrayList<>();
        BatchFunction<String, String, String, String> counting = batch -> {
            batch.forEach(r -> transformed.computeIfAbsent(r.value(), v -> new AtomicInteger()).incrementAndGet());
            if (calls.incrementAndGet() == 2) {
                batch.forEach(r -> secondBatch.add(r.value()));
                secondCall.countDown();
            }
            return upperCase().apply(batch);
        };
        ProcessorListener failFirstCommit = new ProcessorListener() {
            @Override
            public void beforeCommit(List<ConsumerRecord<byte[], byte[]>> batch) {
                if (injected.compareAndSet(false, true)) {
                    try {
                        overlapped.set(secondCall.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("injected commit failure");
                }
            }

            @Override
            public void onCommitted(int inputs, int outputs, int deadLetters) {
                committedInputs.addAndGet(inputs);
                committedOutputs.addAndGet(outputs);
            }

            @Override
            public void onAborted(Throwable cause, int attempt) {
                aborts.add(cause);
            }
        };
        try (var p = processor(counting, Serdes.String(), KafkaTestKit.uniqueGroup("g"), failFirstCommit).start()) {
            kafka.awaitCommittedStrings(out, 40, TIMEOUT);
            Eventually.until(() -> committedInputs.get() == 40, TIMEOUT, () -> "40 inputs committed, got "
                    + committedInputs.get());
            assertThat(p.isRunning()).isTrue();
        }
        assertThat(overlapped).as("the next batch was transformed while the failing commit was in flight").isTrue();
        assertThat(kafka.readCommittedStrings(out, TIMEOUT)).extracting(ConsumerRecord::value)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedOutputs(40));
        assertThat(aborts).singleElement().satisfies(e -> assertThat(e).hasMessage("injected commit failure"));
        assertThat(committedInputs.get()).as("every input committed once").isEqualTo(40);
        assertThat(committedOutputs.get()).isEqualTo(40);
        assertThat(secondBatch).isNotEmpty().allSatisfy(v -> assertThat(transformed.get(v).get())
                .as("%s: transformed, discarded with the failed commit, transformed again", v).isGreaterThanOrEqualTo(2));
        assertThat(kafka.readCommittedBytes(dlq, TIMEOUT)).isEmpty();
    }

    @Test
    void overlapOnAndOffGiveTheSameOutputsAndDeadLetters() {
        produceInputs(20);
        kafka.produce(in, "k1", "poison");
        produceInputs(20, 10);
        Serde<String> strict = Serdes.serdeFrom(new StringSerializer(), rejecting("poison"));
        List<String> expected = new ArrayList<>(expectedOutputs(30));
        expected.remove("V7");
        Map<Boolean, Map<String, List<String>>> outputsByKey = new HashMap<>();
        Map<Boolean, List<String>> deadLetters = new HashMap<>();
        for (boolean overlap : new boolean[] {true, false}) {
            String target = KafkaTestKit.uniqueTopic(overlap ? "out-on" : "out-off");
            String dead = KafkaTestKit.uniqueTopic(overlap ? "dlq-on" : "dlq-off");
            kafka.createTopic(target, 4);
            kafka.createTopic(dead, 1);
            BatchFunction<String, String, String, String> f = batch -> {
                if (batch.stream().anyMatch(r -> r.value().equals("v7"))) {
                    throw new IllegalArgumentException("cannot handle v7");
                }
                return upperCaseTo(target).apply(batch);
            };
            try (var p = processor(f, strict, KafkaTestKit.uniqueGroup("g"), ProcessorListener.NONE,
                    KafkaTestKit.uniqueGroup("tx"), FAST.withCommitOverlap(overlap), dead).start()) {
                kafka.awaitCommittedStrings(target, 29, TIMEOUT);
                kafka.awaitCommitted(dead, 2, new ByteArrayDeserializer(), new JsonDeadLetterSerde().deserializer(),
                        TIMEOUT);
                assertThat(p.isRunning()).isTrue();
            }
            List<ConsumerRecord<String, String>> outputs = kafka.readCommittedStrings(target, TIMEOUT);
            assertThat(outputs).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            outputsByKey.put(overlap, outputs.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(ConsumerRecord::value, Collectors.toList()))));
            deadLetters.put(overlap, kafka.readCommitted(dead, new ByteArrayDeserializer(),
                            new JsonDeadLetterSerde().deserializer(), TIMEOUT).stream().map(ConsumerRecord::value)
                    .map(d -> new String(d.value(), StandardCharsets.UTF_8) + "/" + d.stage() + "/" + d.errorClass())
                    .sorted().collect(Collectors.toList()));
        }
        assertThat(outputsByKey.get(true)).as("outputs per key, in order").isEqualTo(outputsByKey.get(false));
        assertThat(deadLetters.get(true)).isEqualTo(deadLetters.get(false)).containsExactly(
                "poison/deserialize/" + SerializationException.class.getName(),
                "v7/upper-case/" + IllegalArgumentException.class.getName());
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues) {
        return processor(f, inputValues, KafkaTestKit.uniqueGroup("g"));
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group) {
        return processor(f, inputValues, group, ProcessorListener.NONE);
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group,
            ProcessorListener listener) {
        return processor(f, inputValues, group, listener, KafkaTestKit.uniqueGroup("tx"));
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group,
            ProcessorListener listener, String transactionalId) {
        return processor(f, inputValues, group, listener, transactionalId, FAST, dlq);
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group,
            ProcessorListener listener, String transactionalId, ProcessingConfig processing, String deadLetterTopic) {
        return processor(f, inputValues, group, listener, transactionalId, processing, deadLetterTopic,
                KafkaClientConfig.of(kafka.bootstrapServers()));
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group,
            String transactionalId, KafkaClientConfig clients) {
        return processor(f, inputValues, group, ProcessorListener.NONE, transactionalId, FAST, dlq, clients);
    }

    private TransactionalProcessor<String, String, String, String> processor(
            BatchFunction<String, String, String, String> f, Serde<String> inputValues, String group,
            ProcessorListener listener, String transactionalId, ProcessingConfig processing, String deadLetterTopic,
            KafkaClientConfig clients) {
        return TransactionalProcessor.builder(new Topic<>(in, Serdes.String(), inputValues), new StringSerializer(),
                        new StringSerializer(), f)
                .kafka(clients)
                .groupId(group)
                .transactionalId(transactionalId)
                .deadLetters(new DeadLetterRouter(deadLetterTopic, new JsonDeadLetterSerde().serializer(),
                        Clock.systemUTC()))
                .stage("upper-case")
                .processing(processing)
                .listener(listener)
                .build();
    }

    private BatchFunction<String, String, String, String> upperCase() {
        return upperCaseTo(out);
    }

    private static BatchFunction<String, String, String, String> upperCaseTo(String topic) {
        return batch -> batch.stream()
                .map(r -> new ProducerRecord<>(topic, r.key(), r.value().toUpperCase(java.util.Locale.ROOT)))
                .collect(Collectors.toList());
    }

    private void produceInputs(int n) {
        produceInputs(0, n);
    }

    private void produceInputs(int from, int n) {
        kafka.produce(IntStream.range(from, from + n).mapToObj(i -> new ProducerRecord<>(in, "k" + (i % 4), "v" + i))
                .collect(Collectors.toList()));
    }

    private static List<String> expectedOutputs(int n) {
        return IntStream.range(0, n).mapToObj(i -> "V" + i).collect(Collectors.toList());
    }

    private static int number(String v) {
        return Integer.parseInt(v.substring(1));
    }

    private List<DeadLetter> deadLetters(int atLeast) {
        Deserializer<DeadLetter> d = new JsonDeadLetterSerde().deserializer();
        return kafka.awaitCommitted(dlq, atLeast, new ByteArrayDeserializer(), d, TIMEOUT).stream()
                .map(ConsumerRecord::value).collect(Collectors.toList());
    }

    private static Deserializer<String> rejecting(String bad) {
        return (topic, bytes) -> {
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (s.equals(bad)) {
                throw new SerializationException("undecodable value '" + s + "'");
            }
            return s;
        };
    }
}
