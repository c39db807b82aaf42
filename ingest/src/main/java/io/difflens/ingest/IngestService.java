package io.difflens.ingest;

import io.difflens.ingest.http.IngestHttpConfig;
import io.difflens.ingest.http.IngestHttpServer;
import io.difflens.ingest.kafka.EventProducer;
import io.difflens.ingest.kafka.KafkaRequestPublisher;
import io.difflens.ingest.kafka.ReplyListener;
import io.difflens.ingest.validation.IngestLimits;
import io.difflens.ingest.validation.RequestIds;
import io.difflens.ingest.validation.VqaValidator;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.lifecycle.Resources;
import io.difflens.platform.registry.RegistryClients;
import io.difflens.platform.registry.SchemaRegistryClient;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.VqaAnswer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ingest service wired against a cluster: producer, reply listener, reply books and HTTP API. What
 * {@code difflens serve ingest} runs; tests start it against the embedded stack.
 */
public final class IngestService implements AutoCloseable {
  /** Bounds of the request–reply maps: waiting requests and recently seen replies. */
  public static final int MAX_PENDING = 10_000;
  public static final int MAX_RECENT = 10_000;

  private final List<AutoCloseable> resources;
  private final IngestHttpServer server;

  private IngestService(List<AutoCloseable> resources, IngestHttpServer server) {
    this.resources = resources;
    this.server = server;
  }

  /** Connects to Kafka and the registry of {@code platform}, then serves HTTP as {@code http} says. */
  public static IngestService start(PlatformConfig platform, IngestHttpConfig http, IngestLimits limits) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      SchemaRegistryClient registry = RegistryClients.from(platform.registry());
      opened.add(registry);
      String instance = "difflens-ingest-" + UUID.randomUUID().toString().substring(0, 8);
      var producer = new EventProducer(platform.kafka(), platform.topics(), registry, instance);
      opened.add(producer);
      ReplyBook<VqaAnswer> answers = new ReplyBook<>(MAX_PENDING, MAX_RECENT);
      ReplyBook<ItmScores> scores = new ReplyBook<>(MAX_PENDING, MAX_RECENT);
      var listener = new ReplyListener(platform.kafka(), platform.topics(), registry, answers, scores)
          .start(Duration.ofSeconds(60));
      opened.add(listener);
      var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      opened.add(metrics::close);
      metrics.gauge("difflens.ingest.pending.replies", answers, ReplyBook::pendingCount);
      var server = new IngestHttpServer(http, new VqaValidator(limits, RequestIds.RANDOM),
          new KafkaRequestPublisher(producer, Clock.systemUTC()), answers, scores, metrics,
          Map.of("reply-listener", listener::isHealthy)).start();
      opened.add(server);
      return new IngestService(opened, server);
    } catch (RuntimeException e) {
      Resources.closeInReverse(opened);
      throw e;
    }
  }

  /** The HTTP port. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    Resources.closeInReverse(resources);
  }
}
