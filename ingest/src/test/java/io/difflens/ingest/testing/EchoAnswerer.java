package io.difflens.ingest.testing;

import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for the pipeline: answers every {@code vqa.requests} record with {@code "echo: <prompt>"} on
 * {@code vqa.answers}, and every {@code itm.requests} record with a score matrix whose cell (i, j) is
 * {@code 10 i + j}. Requests whose prompt contains {@value #SILENT} get no answer (to test time-outs).
 */
public final class EchoAnswerer implements AutoCloseable {
  public static final String SILENT = "[silent]";

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, GenericContainer> producer;
  private final PlatformConfig config;
  private final AvroDeserializer<VqaRequest> vqa;
  private final AvroDeserializer<ItmRequest> itm;
  private final Thread thread;
  private volatile boolean running = true;

  public EchoAnswerer(PlatformConfig config, SchemaRegistryClient registry) {
    this.config = config;
    Map<String, Object> c = new HashMap<>(config.kafka().consumerProperties());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "echo-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(config.kafka().producerProperties(), new StringSerializer(),
        new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false));
    this.vqa = new AvroDeserializer<>(registry, VqaRequest.class);
    this.itm = new AvroDeserializer<>(registry, ItmRequest.class);
    consumer.subscribe(List.of(config.topics().name(EventTopic.VQA_REQUESTS), config.topics().name(EventTopic.ITM_REQUESTS)));
    this.thread = new Thread(this::loop, "echo-answerer");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(config.topics().name(EventTopic.VQA_REQUESTS))) {
            VqaRequest q = vqa.deserialize(r.topic(), r.value());
            if (!q.getPrompt().contains(SILENT)) {
              send(EventTopic.VQA_ANSWERS, q.getId(), answer(q.getId(), "echo: " + q.getPrompt()));
            }
          } else {
            ItmRequest q = itm.deserialize(r.topic(), r.value());
            List<List<Float>> scores = new ArrayList<>();
            for (int i = 0; i < q.getImages().size(); i++) {
              List<Float> row = new ArrayList<>();
              for (int j = 0; j < q.getTexts().size(); j++) {
                row.add(10f * i + j);
              }
              scores.add(row);
            }
            send(EventTopic.ITM_SCORES, q.getId(), ItmScores.newBuilder().setRequestId(q.getId())
                .setStatus(AnswerStatus.OK).setScores(scores).setTimings(Map.of()).setCreatedAt(Instant.now()).build());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  public static VqaAnswer answer(String id, String text) {
    return VqaAnswer.newBuilder().setRequestId(id).setStatus(AnswerStatus.OK).setText(text)
        .setTimings(Map.of("total", 1.5)).setCreatedAt(Instant.now()).build();
  }

  /** Sends an event now and waits for the broker's acknowledgement. */
  public void send(EventTopic topic, String key, GenericContainer value) {
    try {
      producer.send(new ProducerRecord<>(config.topics().name(topic), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    producer.close();
  }
}
