package io.difflens.app.serve;

import picocli.CommandLine.Command;

/** {@code difflens serve <service>}: runs one service against a cluster (what each container runs). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run one difflens service against a Kafka cluster.",
    subcommands = {ServeIngestCommand.class, ServeFeatureExtractorCommand.class,
        ServeAnswererCommand.class, ServeColocatedCommand.class, ServeEvaluatorCommand.class,
        ServeItmCommand.class,
        ServeTrainerCommand.class})
public final class ServeCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
