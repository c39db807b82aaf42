package io.difflens.app.local;

import io.difflens.app.AwaitShutdown;
import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code difflens local up}: starts broker + registry, provisions the topics, prints
 * {@code bootstrap=...} and {@code registry=...} (one per line, for scripts), then runs until SIGTERM/SIGINT.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start an embedded Kafka broker and schema registry, provision the topics, run until stopped.",
        "Prints bootstrap=HOST:PORT and registry=URL lines, then 'ready'."})
public final class LocalUpCommand implements Callable<Outcome> {
  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/local",
      description = "Where broker data (and so topics, records and schemas) lives; default ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--kafka-port", paramLabel = "N", defaultValue = "9092", description = "Broker port (0 = any free); default ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--registry-port", paramLabel = "N", defaultValue = "8081", description = "Registry port (0 = any free); default ${DEFAULT-VALUE}.")
  int registryPort;

  @Mixin ClusterOptions cluster;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    var topics = cluster.load().topics();
    PrintWriter out = spec.commandLine().getOut();
    LocalStack stack = LocalStack.start(dataDir, kafkaPort, registryPort, topics);
    out.println("bootstrap=" + stack.bootstrapServers());
    out.println("registry=" + stack.registryUrl());
    out.println("data-dir=" + dataDir.toAbsolutePath().normalize());
    out.println("topics-created=" + stack.createdTopics().size());
    out.println("ready");
    out.flush();
    AwaitShutdown.blockUntilTerminated(() -> {
      stack.close();
      out.println("stopped");
      out.flush();
    });
    return Outcome.OK;
  }
}
