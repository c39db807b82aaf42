package io.difflens.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.deadletter.JsonDeadLetterSerde;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once guarantees of {@link TransactionalProcessor}, run against whatever broker a subclass
 * supplies (the embedded one, or Testcontainers' {@code apache/kafka} when Docker is there).
 */
abstract class ExactlyOnceContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The broker under test. */
    protected abstract KafkaTestKit kafka();

    @Test
    void processKilledBetweenProduceAndCommitLeavesEveryOutputExactlyOnce(@TempDir Path logs) throws Exception {
        KafkaTestKit kafka = kafka();
        int n = 200;
        int haltAt = 95;
        String in = KafkaTestKit.uniqueTopic("eos-in");
        String out = KafkaTestKit.uniqueTopic("eos-out");
        String dlq = KafkaTestKit.uniqueTopic("eos-dlq");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, 4);
        kafka.createTopic(dlq, 1);
        kafka.produce(IntStream.range(0, n).mapToObj(i -> new ProducerRecord<>(in, "k" + i, "v" + i))
                .collect(Collectors.toList()));
        String group = KafkaTestKit.uniqueGroup("eos");
        String txId = "eos-" + UUID.randomUUID();
        List<String> args = List.of(kafka.bootstrapServers(), in, out, dlq, group, txId, "instance-1");

        Process crashing = child(args, haltAt, logs.resolve("first.log"));
        assertThat(crashing.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("first child ends").isTrue();
        assertThat(crashing.exitValue()).as("first child halted itself; log:%n%s", read(logs.resolve("first.log")))
                .isEqualTo(CrashingProcessorMain.HALT_STATUS);

        List<ConsumerRecord<String, String>> committedBeforeRestart = kafka.readCommittedStrings(out, TIMEOUT);
        assertThat(committedBeforeRestart).hasSizeLessThan(haltAt).doesNotHaveDuplicates();
        assertThat(kafka.readUncommittedBytes(out, TIMEOUT))
                .as("the crashed batch's outputs reached the log, uncommitted")
                .hasSizeGreaterThan(committedBeforeRestart.size());

        Process restarted = child(args, 0, logs.resolve("second.log"));
        try {
            kafka.awaitCommittedStrings(out, n, TIMEOUT);
        } finally {
            restarted.destroy();
            assertThat(restarted.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        List<String> values = kafka.readCommittedStrings(out, TIMEOUT).stream().map(ConsumerRecord::value)
                .collect(Collectors.toList());
        assertThat(values).hasSize(n).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, n).mapToObj(i -> "out-v" + i).collect(Collectors.toList()));
        assertThat(kafka.readCommittedBytes(dlq, TIMEOUT)).isEmpty();
    }

    @Test
    void twoInstancesInOneGroupOverFourPartitionsProduceEachOutputOnce() {
        KafkaTestKit kafka = kafka();
        int n = 400;
        String in = KafkaTestKit.uniqueTopic("pair-in");
        String out = KafkaTestKit.uniqueTopic("pair-out");
        String dlq = KafkaTestKit.uniqueTopic("pair-dlq");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, 4);
        kafka.createTopic(dlq, 1);
        kafka.produce(inputs(in, 0, n / 2));
        String group = KafkaTestKit.uniqueGroup("pair");
        try (var a = inProcess(kafka, in, out, dlq, group).start()) {
            kafka.awaitCommittedStrings(out, 1, TIMEOUT);
            // the second instance joins mid-stream: partitions move while batches are in flight
            try (var b = inProcess(kafka, in, out, dlq, group).start()) {
                kafka.produce(inputs(in, n / 2, n / 2));
                kafka.awaitCommittedStrings(out, n, TIMEOUT);
                assertThat(a.isRunning()).isTrue();
                assertThat(b.isRunning()).isTrue();
                assertThat(a.transactionalId()).isNotEqualTo(b.transactionalId());
            }
        }
        List<String> values = kafka.readCommittedStrings(out, TIMEOUT).stream().map(ConsumerRecord::value)
                .collect(Collectors.toList());
        assertThat(values).hasSize(n).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, n).mapToObj(i -> "out-v" + i).collect(Collectors.toList()));
    }

    private static List<ProducerRecord<String, String>> inputs(String topic, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> new ProducerRecord<>(topic, "k" + i, "v" + i))
                .collect(Collectors.toList());
    }

    private static TransactionalProcessor<String, String, String, String> inProcess(KafkaTestKit kafka, String in,
                                                                                  String out, String dlq, String group) {
        return TransactionalProcessor.builder(new Topic<>(in, Serdes.String(), Serdes.String()), new StringSerializer(),
                        new StringSerializer(), (List<ConsumerRecord<String, String>> batch) -> batch.stream()
                                .map(r -> new ProducerRecord<>(out, r.key(), "out-" + r.value()))
                                .collect(Collectors.toList()))
                .kafka(KafkaClientConfig.of(kafka.bootstrapServers()))
                .groupId(group)
                .deadLetters(new DeadLetterRouter(dlq, new JsonDeadLetterSerde().serializer(), Clock.systemUTC()))
                .processing(ProcessingConfig.DEFAULTS.withBatching(10, Duration.ofMillis(50)))
                .build();
    }

    private static Process child(List<String> args, int haltAt, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingProcessorMain.class.getName());
        command.addAll(args);
        command.add(Integer.toString(haltAt));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
