package io.difflens.app.model;

import io.difflens.app.Outcome;
import io.difflens.models.golden.GoldenCheck;
import io.difflens.models.golden.GoldenReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code difflens model check DIR}: runs a golden folder (a model or a scheduler) on its inputs and
 * compares every stored output; healthy only if all were produced within the tolerance.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Run a golden folder on its inputs.safetensors; print per output the max abs and"
        + " norm-wise relative error, then 'max_rel_err <value>'. Exit 0 iff every output is produced"
        + " within the tolerance.")
public final class CheckCommand implements Callable<Outcome> {
  @Parameters(paramLabel = "DIR", description = "A golden folder (config.json, inputs and outputs .safetensors).")
  Path dir;

  @Option(names = "--tolerance", defaultValue = "1e-4",
      description = "Largest allowed norm-wise relative error; default ${DEFAULT-VALUE}.")
  double tolerance;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() throws IOException {
    GoldenReport report = GoldenCheck.run(dir);
    var out = spec.commandLine().getOut();
    out.print(report.format());
    out.flush();
    return report.passes(tolerance) ? Outcome.OK : Outcome.UNHEALTHY;
  }
}
