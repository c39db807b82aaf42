package io.difflens.platform.reactive;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.deadletter.DeadLetterRouter;
import io.difflens.platform.deadletter.JsonDeadLetterSerde;
import io.difflens.platform.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A child process for the exactly-once test: runs a {@link TransactionalProcessor} that maps
 * {@code v} to {@code out-v} and, when asked, kills its own JVM after the outputs of the batch that
 * reaches a given record count are produced and flushed but before the transaction commits.
 *
 * <p>Arguments: bootstrap, input topic, output topic, dead-letter topic, group id, transactional id,
 * group instance id, halt-at record count (0: never).
 */
public final class CrashingProcessorMain {

    /** Exit status of the deliberate crash. */
    public static final int HALT_STATUS = 77;

    private CrashingProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 8) {
            throw new IllegalArgumentException("expected 8 arguments, got " + List.of(args));
        }
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        String dlq = args[3];
        int haltAt = Integer.parseInt(args[7]);
        AtomicInteger committed = new AtomicInteger();
        ProcessorListener crasher = new ProcessorListener() {
            @Override
            public void beforeCommit(List<ConsumerRecord<byte[], byte[]>> batch) {
                if (haltAt > 0 && committed.get() + batch.size() >= haltAt) {
                    System.out.println("halting before commit with " + committed.get() + " committed and a batch of "
                            + batch.size());
                    System.out.flush();
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            }

            @Override
            public void onCommitted(int inputs, int outputs, int deadLetters) {
                committed.addAndGet(inputs);
            }
        };
        KafkaClientConfig kafka = new KafkaClientConfig(bootstrap, Map.of(), Map.of("transaction.timeout.ms", "20000"),
                Map.of("group.instance.id", args[6], "session.timeout.ms", "10000"), Map.of(), Map.of());
        TransactionalProcessor<String, String, String, String> processor = TransactionalProcessor
                .builder(new Topic<>(in, Serdes.String(), Serdes.String()), new StringSerializer(), new StringSerializer(),
                        (List<ConsumerRecord<String, String>> batch) -> batch.stream()
                                .map(r -> new ProducerRecord<>(out, r.key(), "out-" + r.value()))
                                .collect(Collectors.toList()))
                .kafka(kafka)
                .groupId(args[4])
                .transactionalId(args[5])
                .deadLetters(new DeadLetterRouter(dlq, new JsonDeadLetterSerde().serializer(), Clock.systemUTC()))
                .processing(ProcessingConfig.DEFAULTS.withBatching(10, Duration.ofMillis(50)))
                .listener(crasher)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            stopped.countDown();
        }));
        processor.start();
        processor.termination().block();
        stopped.await();
    }
}
