package io.difflens.ingest.kafka;

import io.difflens.ingest.ReplyBook;
import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.VqaAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply side of request–reply: one consumer per ingest instance reading EVERY partition of
 * {@code vqa.answers} and {@code itm.scores} (assigned, not subscribed: a waiting HTTP request may sit on any
 * instance, so no consumer group may split the replies) from their end at start-up, feeding the
 * {@link ReplyBook}s. Reads {@code read_committed}, so only answers of committed transactions count.
 * Values are deserialized per record, so one undecodable record is logged and skipped, never wedging the loop.
 */
public final class ReplyListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String answersTopic;
  private final String scoresTopic;
  private final AvroDeserializer<VqaAnswer> answerReader;
  private final AvroDeserializer<ItmScores> scoresReader;
  private final ReplyBook<VqaAnswer> answers;
  private final ReplyBook<ItmScores> scores;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  public ReplyListener(KafkaClientConfig kafka, TopicCatalog topics, SchemaRegistryClient registry,
      ReplyBook<VqaAnswer> answers, ReplyBook<ItmScores> scores) {
    Map<String, Object> props = new HashMap<>(kafka.consumerProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.answersTopic = topics.name(EventTopic.VQA_ANSWERS);
    this.scoresTopic = topics.name(EventTopic.ITM_SCORES);
    this.answerReader = new AvroDeserializer<>(registry, VqaAnswer.class);
    this.scoresReader = new AvroDeserializer<>(registry, ItmScores.class);
    this.answers = answers;
    this.scores = scores;
    this.thread = new Thread(this::loop, "difflens-reply-listener");
    this.thread.setDaemon(true);
  }

  /** Starts reading and returns once positions at the end of every partition are fixed. */
  public ReplyListener start(Duration timeout) {
    thread.start();
    try {
      if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("reply listener not ready after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting the reply listener", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("reply listener failed to start: " + failure.get().getMessage(), failure.get());
    }
    return this;
  }

  /** Whether the loop runs (for /health). */
  public boolean isHealthy() {
    return running && thread.isAlive() && failure.get() == null;
  }

  private void loop() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(answersTopic, scoresTopic)) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the lazy seek now, before anyone waits
    } catch (RuntimeException e) {
      failure.set(e);
      running = false;
      ready.countDown();
      consumer.close();
      return;
    }
    ready.countDown();
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          dispatch(r);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      failure.set(e);
      log.error("reply listener stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(answersTopic)) {
        VqaAnswer a = answerReader.deserialize(r.topic(), r.value());
        if (a != null) {
          answers.offer(a.getRequestId(), a);
        }
      } else {
        ItmScores s = scoresReader.deserialize(r.topic(), r.value());
        if (s != null) {
          scores.offer(s.getRequestId(), s);
        }
      }
    } catch (RuntimeException e) {
      log.warn("skipping undecodable reply at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      consumer.wakeup();
    } catch (IllegalStateException e) {
      // already closed after a failed start
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
