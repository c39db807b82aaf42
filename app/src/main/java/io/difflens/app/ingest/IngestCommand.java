package io.difflens.app.ingest;

import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.ingest.kafka.EventProducer;
import io.difflens.ingest.publish.DatasetPublisher;
import io.difflens.ingest.publish.DatasetSource;
import io.difflens.ingest.publish.JsonlFolderSource;
import io.difflens.ingest.publish.PublishSummary;
import io.difflens.ingest.publish.PublishTarget;
import io.difflens.ingest.publish.RateLimiter;
import io.difflens.ingest.validation.IngestLimits;
import io.difflens.ingest.validation.RequestIds;
import io.difflens.ingest.validation.VqaValidator;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.platform.topics.EventTopic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code difflens ingest}: publishes a dataset from disk (a folder of images and a JSONL of questions) to
 * {@code vqa.requests} (+ {@code vqa.labels}) or {@code training.examples}, with a rate limit, a progress bar
 * on a terminal and a summary listing every rejected record.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Publish a folder of images with a JSONL of questions to Kafka.",
        "JSONL lines: {\"id\"?, \"image\": \"rel/path.png\", \"question\": \"...\", \"answer\"?, \"category\"?, \"benchmark\"?}"})
public final class IngestCommand implements Callable<Outcome> {
  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder the JSONL's image paths are relative to.")
  Path images;

  @Option(names = "--questions", required = true, paramLabel = "FILE.jsonl", description = "One JSON record per line.")
  Path questions;

  @Option(names = "--labels", description = "Also publish each record's ground truth to vqa.labels (with --to requests).")
  boolean labels;

  @Option(names = "--to", paramLabel = "requests|training", defaultValue = "requests",
      converter = TargetConverter.class, description = "requests (vqa.requests) or training (training.examples); default ${DEFAULT-VALUE}.")
  PublishTarget target;

  @Option(names = "--rate", paramLabel = "N", description = "At most N records per second (default: as fast as Kafka takes them).")
  Double rate;

  @Mixin ClusterOptions cluster;

  @Spec CommandSpec spec;

  static final class TargetConverter implements picocli.CommandLine.ITypeConverter<PublishTarget> {
    @Override
    public PublishTarget convert(String value) {
      return PublishTarget.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  @Override
  public Outcome call() throws InterruptedException {
    PlatformConfig config = cluster.load();
    PrintWriter out = spec.commandLine().getOut();
    DatasetSource source = new JsonlFolderSource(images, questions);
    RateLimiter limiter = rate == null ? null : RateLimiter.perSecond(rate);
    PublishSummary summary;
    try (SchemaRegistryClient registry = RegistryClients.from(config.registry());
        EventProducer producer = new EventProducer(config.kafka(), config.topics(), registry, "difflens-ingest-cli")) {
      var publisher = new DatasetPublisher(new VqaValidator(IngestLimits.DEFAULTS, RequestIds.RANDOM),
          producer::sendAsync, Clock.systemUTC());
      summary = publisher.publish(source, new DatasetPublisher.Options(target, labels, limiter), TerminalProgress.forStderr());
    }
    out.println(headline(summary, config));
    if (!summary.rejected().isEmpty()) {
      out.println("rejected " + summary.rejected().size() + ":");
      summary.rejected().forEach(r -> out.println("  " + r));
    }
    if (!summary.failed().isEmpty()) {
      out.println("failed " + summary.failed().size() + ":");
      summary.failed().forEach(r -> out.println("  " + r));
    }
    out.flush();
    return summary.complete() ? Outcome.OK : Outcome.PARTIAL;
  }

  private String headline(PublishSummary s, PlatformConfig config) {
    String topics = target == PublishTarget.TRAINING
        ? config.topics().name(EventTopic.TRAINING_EXAMPLES)
        : config.topics().name(EventTopic.VQA_REQUESTS) + (labels ? " + " + config.topics().name(EventTopic.VQA_LABELS) : "");
    double seconds = Math.max(1e-3, s.elapsed().toNanos() / 1e9);
    return String.format(Locale.ROOT, "published %d, rejected %d, failed %d to %s in %.1f s (%.1f records/s)",
        s.published(), s.rejected().size(), s.failed().size(), topics, seconds, s.published() / seconds);
  }
}
