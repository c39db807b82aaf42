package io.difflens.ingest;

import io.difflens.ingest.validation.ItmSubmission;
import io.difflens.ingest.validation.VqaSubmission;
import reactor.core.publisher.Mono;

/** Where validated requests go: the Kafka implementation writes them to {@code vqa.requests} / {@code itm.requests}. */
public interface RequestPublisher {
  /** Publishes a visual question; completes once the broker acknowledged it. */
  Mono<Void> publish(VqaSubmission submission);

  /** Publishes an image–text matching request; completes once the broker acknowledged it. */
  Mono<Void> publish(ItmSubmission submission);
}
