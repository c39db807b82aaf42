package io.difflens.app.serve;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.evaluator.service.EvaluatorService;
import io.difflens.evaluator.service.EvaluatorServiceConfig;
import io.difflens.platform.PlatformConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code difflens serve evaluator}: the live evaluator (Kafka Streams), its dashboard, health and metrics. */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
    description = {"Run the evaluator: vqa.answers / itm.scores joined with vqa.labels into metrics (exactly-once),",
        "and serve on one HTTP port / (dashboard), /api/metrics, /health and /metrics (Prometheus).",
        "Other settings: -D evaluator.window=1m, evaluator.window.advance, evaluator.join.retention, evaluator.grace,",
        "evaluator.commit.interval, evaluator.application.id, evaluator.create.topics, http.bearer.token."})
public final class ServeEvaluatorCommand implements Callable<Outcome> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--http-port", paramLabel = "N", description = "HTTP port, overriding http.port (0 = any free).")
  Integer httpPort;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory (key evaluator.state.dir).")
  Path stateDir;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    PlatformConfig platform = cluster.load();
    EvaluatorServiceConfig config = EvaluatorServiceConfig.from(platform.values());
    if (httpPort != null) {
      config = config.withHttpPort(httpPort);
    }
    if (stateDir != null) {
      config = config.withStateDir(stateDir);
    }
    EvaluatorService service = EvaluatorService.start(platform, config);
    PrintWriter out = spec.commandLine().getOut();
    out.println("http=" + service.url());
    out.println("ready");
    out.flush();
    AwaitShutdown.blockUntilTerminated(() -> {
      service.close();
      out.println("stopped");
      out.flush();
    });
    return Outcome.OK;
  }
}
