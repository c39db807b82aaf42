package io.difflens.app.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.VqaAnswer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every committed answer on a topic, handed to a callback on the feed's own thread: all partitions assigned
 * (no group: a watcher must see every answer), {@code read_committed}, from the beginning or from the end.
 */
public final class AnswerFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<VqaAnswer> answers;
    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<VqaAnswer> callback;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private AnswerFeed(KafkaClientConfig kafka, SchemaRegistryClient registry, String topic, boolean fromBeginning,
                       Consumer<VqaAnswer> callback) {
        Map<String, Object> props = new HashMap<>(kafka.consumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.answers = new AvroDeserializer<>(registry, VqaAnswer.class);
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.callback = callback;
        this.thread = new Thread(this::run, "difflens-answer-feed");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the feed and returns once its position is fixed, so an answer to a request published after
     * this call is never missed.
     */
    public static AnswerFeed start(KafkaClientConfig kafka, SchemaRegistryClient registry, String topic,
                                   boolean fromBeginning, Consumer<VqaAnswer> callback) {
        AnswerFeed feed = new AnswerFeed(kafka, registry, topic, fromBeginning, callback);
        feed.thread.start();
        try {
            if (!feed.positioned.await(60, TimeUnit.SECONDS)) {
                feed.close();
                throw new IllegalStateException("answer feed on " + topic + " could not find its partitions in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            feed.close();
            throw new IllegalStateException("interrupted while starting the answer feed", e);
        }
        return feed;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position); // resolve the lazy seek now
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    VqaAnswer a;
                    try {
                        a = answers.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        LOG.warn("skipping undecodable answer at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                                e.toString());
                        continue;
                    }
                    callback.accept(a);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("answer feed on {} stopped", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
