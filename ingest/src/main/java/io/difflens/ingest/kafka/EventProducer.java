package io.difflens.ingest.kafka;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes Avro events, keyed by request id, to the catalog's topics in the Confluent wire format. One
 * idempotent producer with {@code acks=all}: a retried send never duplicates an event, and an acknowledged
 * one survives the loss of the partition leader. Thread-safe.
 */
public final class EventProducer implements AutoCloseable {
  /** Large enough for an inline image at the default ingest limits (the default 1 MiB is not). */
  static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private final TopicCatalog topics;
  private final Producer<String, GenericContainer> producer;

  public EventProducer(KafkaClientConfig kafka, TopicCatalog topics, SchemaRegistryClient registry, String clientId) {
    this.topics = Objects.requireNonNull(topics, "topics");
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_MAX_REQUEST_BYTES);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putAll(kafka.producerProperties());
    // the guarantees are not negotiable by pass-through configuration
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    this.producer = new KafkaProducer<>(props, new StringSerializer(),
        new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false));
  }

  /** Sends one event; completes when the broker acknowledged it, errors with the producer's exception. */
  public Mono<Void> send(EventTopic topic, String key, GenericContainer value) {
    var record = new ProducerRecord<>(topics.name(topic), key, value);
    // send() can block on metadata (max.block.ms): keep it off event-loop threads
    return Mono.<Void>create(sink -> producer.send(record, (metadata, error) -> {
      if (error != null) {
        sink.error(error);
      } else {
        sink.success();
      }
    })).subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Sends one event from the calling thread, which blocks while the producer's buffer is full: the natural
   * back-pressure for a bulk publisher. The future completes when the broker acknowledged the event.
   */
  public java.util.concurrent.CompletableFuture<Void> sendAsync(EventTopic topic, String key, GenericContainer value) {
    var done = new java.util.concurrent.CompletableFuture<Void>();
    try {
      producer.send(new ProducerRecord<>(topics.name(topic), key, value), (metadata, error) -> {
        if (error != null) {
          done.completeExceptionally(error);
        } else {
          done.complete(null);
        }
      });
    } catch (RuntimeException e) {
      // serialization (registry unreachable) and size checks fail synchronously
      done.completeExceptionally(e);
    }
    return done;
  }

  /** The catalog naming the topics. */
  public TopicCatalog topics() {
    return topics;
  }

  /** Waits until every sent event is acknowledged. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
