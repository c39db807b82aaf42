package io.difflens.app.serve;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.ingest.IngestService;
import io.difflens.ingest.http.IngestHttpConfig;
import io.difflens.ingest.validation.IngestLimits;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.config.Secret;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code difflens serve ingest}: the HTTP API, publishing to the cluster and waiting on its answers. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Serve the ingest HTTP API (POST /v1/vqa, /v1/itm; GET /v1/answers/{id}; /openapi.json, /health, /metrics).",
        "Port and bearer token come from http.port / http.bearer.token (DIFFLENS_HTTP_PORT, DIFFLENS_HTTP_BEARER_TOKEN)."})
public final class ServeIngestCommand implements Callable<Outcome> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--port", paramLabel = "N", description = "HTTP port, overriding http.port (0 = any free).")
  Integer port;

  @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "8388608",
      description = "Largest accepted request body; default ${DEFAULT-VALUE}.")
  long maxRequestBytes;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    PlatformConfig config = cluster.load();
    IngestHttpConfig http = IngestHttpConfig.defaults()
        .withPort(port != null ? port : config.http().port())
        .withBearerToken(config.http().bearerToken().map(Secret::reveal).orElse(null))
        .withMaxRequestBytes(maxRequestBytes);
    IngestService service = IngestService.start(config, http, IngestLimits.DEFAULTS);
    PrintWriter out = spec.commandLine().getOut();
    // a wildcard bind address is not something a client can connect to: print the loopback form
    String host = http.host().equals("0.0.0.0") ? "127.0.0.1" : http.host();
    out.println("http=http://" + host + ":" + service.port());
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
