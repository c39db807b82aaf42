package io.difflens.ingest.kafka;

import io.difflens.ingest.RequestPublisher;
import io.difflens.ingest.validation.ItmSubmission;
import io.difflens.ingest.validation.VqaSubmission;
import io.difflens.platform.topics.EventTopic;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Publishes validated requests to {@code vqa.requests} and {@code itm.requests}, stamped with the clock's time. */
public final class KafkaRequestPublisher implements RequestPublisher {
  private final EventProducer producer;
  private final Clock clock;

  public KafkaRequestPublisher(EventProducer producer, Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Mono<Void> publish(VqaSubmission submission) {
    return Mono.defer(() -> producer.send(EventTopic.VQA_REQUESTS, submission.id(),
        Events.vqaRequest(submission, clock.instant())));
  }

  @Override
  public Mono<Void> publish(ItmSubmission submission) {
    return Mono.defer(() -> producer.send(EventTopic.ITM_REQUESTS, submission.id(),
        Events.itmRequest(submission, clock.instant())));
  }
}
