package io.difflens.ingest.publish;

import io.difflens.ingest.kafka.Events;
import io.difflens.ingest.publish.PublishSummary.RejectedRecord;
import io.difflens.ingest.validation.Rejection;
import io.difflens.ingest.validation.RejectionCode;
import io.difflens.ingest.validation.Validation;
import io.difflens.ingest.validation.VqaSubmission;
import io.difflens.ingest.validation.VqaValidator;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.Label;
import io.difflens.schemas.TrainingExample;
import io.difflens.schemas.TrainingStage;
import io.difflens.schemas.Turn;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericContainer;

/**
 * Publishes a {@link DatasetSource}: every item is validated exactly as an HTTP request would be, then sent;
 * invalid items are listed in the summary, never published and never fatal.
 */
public final class DatasetPublisher {
  /** Sends one event; completes when the broker acknowledged it. */
  @FunctionalInterface
  public interface EventSink {
    CompletableFuture<Void> send(EventTopic topic, String key, GenericContainer value);
  }

  /** How to publish. */
  public record Options(PublishTarget target, boolean labels, RateLimiter rateLimiter) {
    public Options {
      Objects.requireNonNull(target, "target");
    }
  }

  private final VqaValidator validator;
  private final EventSink sink;
  private final Clock clock;

  public DatasetPublisher(VqaValidator validator, EventSink sink, Clock clock) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public PublishSummary publish(DatasetSource source, Options options, ProgressListener progress)
      throws InterruptedException {
    long started = System.nanoTime();
    long total = source.size();
    List<RejectedRecord> rejected = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    long done = 0;
    try (Stream<DatasetItem> items = source.items()) {
      for (DatasetItem item : (Iterable<DatasetItem>) items::iterator) {
        if (item instanceof DatasetItem.Unreadable u) {
          rejected.add(new RejectedRecord(u.location(), null, List.of(u.reason())));
        } else {
          DatasetItem.Question q = (DatasetItem.Question) item;
          Validation<VqaSubmission> v = validator.validate(q.input());
          if (!(v instanceof Validation.Valid<VqaSubmission> valid)) {
            rejected.add(new RejectedRecord(q.location(), q.input().id(), v.rejections()));
          } else if (options.target() == PublishTarget.TRAINING && (q.answer() == null || q.answer().isBlank())) {
            rejected.add(new RejectedRecord(q.location(), valid.value().id(),
                List.of(new Rejection(RejectionCode.ANSWER_MISSING, "a training example needs an \"answer\""))));
          } else {
            if (options.rateLimiter() != null) {
              options.rateLimiter().acquire();
            }
            pending.add(new Pending(q.location(), valid.value().id(), send(valid.value(), q, options)));
          }
        }
        progress.onProgress(++done, total, rejected.size());
      }
    }
    List<RejectedRecord> failed = new ArrayList<>();
    long published = 0;
    for (Pending p : pending) {
      try {
        p.future().get();
        published++;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failed.add(new RejectedRecord(p.location(), p.id(), List.of(Rejection.of(RejectionCode.RECORD_MALFORMED,
            "not acknowledged by Kafka: %s: %s", cause.getClass().getSimpleName(), cause.getMessage()))));
      }
    }
    return new PublishSummary(published, rejected, failed, Duration.ofNanos(System.nanoTime() - started));
  }

  private CompletableFuture<Void> send(VqaSubmission s, DatasetItem.Question q, Options options) {
    if (options.target() == PublishTarget.TRAINING) {
      TrainingExample example = TrainingExample.newBuilder()
          .setId(s.id())
          .setImage(Events.inline(s.image()))
          .setConversation(List.of(new Turn("human", "<image>\n" + s.question()), new Turn("gpt", q.answer())))
          .setStage(TrainingStage.FINETUNE)
          .setDataset(q.benchmark())
          .setCreatedAt(clock.instant())
          .build();
      return sink.send(EventTopic.TRAINING_EXAMPLES, s.id(), example);
    }
    CompletableFuture<Void> request = sink.send(EventTopic.VQA_REQUESTS, s.id(), Events.vqaRequest(s, clock.instant()));
    if (!options.labels()) {
      return request;
    }
    Label label = Label.newBuilder()
        .setRequestId(s.id())
        .setBenchmark(q.benchmark())
        .setCategory(q.category())
        .setReferenceAnswers(q.answer() == null ? List.of() : List.of(q.answer()))
        .build();
    return CompletableFuture.allOf(request, sink.send(EventTopic.VQA_LABELS, s.id(), label));
  }

  private record Pending(String location, String id, CompletableFuture<Void> future) {}
}
