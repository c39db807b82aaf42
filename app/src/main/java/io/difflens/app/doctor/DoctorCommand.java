package io.difflens.app.doctor;

import io.difflens.app.ClusterOptions;
import io.difflens.app.Outcome;
import io.difflens.app.doctor.internal.BrokerCheck;
import io.difflens.app.doctor.internal.BundleCheck;
import io.difflens.app.doctor.internal.DjlCheck;
import io.difflens.app.doctor.internal.RegistryCheck;
import io.difflens.app.doctor.internal.TopicsCheck;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.RegistryClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code difflens doctor}: checks an environment and prints one line per check; healthy only if none fails. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check the broker, the schema registry, the topics, the DJL engine and (with --bundle) a model bundle.")
public final class DoctorCommand implements Callable<Outcome> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--bundle", paramLabel = "DIR", description = "A model bundle folder to check.")
  Path bundle;

  @Option(names = "--load",
      description = "With --bundle: also load the weights (slow for a large bundle), not only inspect them.")
  boolean load;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10S",
      description = "How long each network check may take (ISO-8601); default ${DEFAULT-VALUE}.")
  Duration timeout;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    PlatformConfig config = cluster.load();
    PrintWriter out = spec.commandLine().getOut();
    var doctor = new Doctor(List.of(
        new BrokerCheck(config.kafka().adminProperties(), timeout),
        new RegistryCheck(config.registry().url().toString(), () -> RegistryClients.from(config.registry())),
        new TopicsCheck(config.kafka().adminProperties(), config.topics(), timeout),
        new DjlCheck(),
        new BundleCheck(bundle, load)));
    List<CheckResult> results = doctor.run(r -> {
      out.println(r.line());
      out.flush();
    });
    boolean healthy = Doctor.healthy(results);
    out.println(healthy ? "healthy" : "UNHEALTHY");
    out.flush();
    return healthy ? Outcome.OK : Outcome.UNHEALTHY;
  }
}
