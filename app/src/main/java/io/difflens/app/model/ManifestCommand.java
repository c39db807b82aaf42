package io.difflens.app.model;

import io.difflens.app.Outcome;
import io.difflens.models.Architecture;
import io.difflens.models.nn.ModelManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code difflens model manifest CONFIG.json}: the parameter names and shapes of the architecture an
 * upstream config describes, from the network structure itself, without allocating weights.
 */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description = "Print name<TAB>shape for every parameter of the architecture a config.json describes,"
        + " then '# total_params: N' (nothing is allocated).")
public final class ManifestCommand implements Callable<Outcome> {
  @Parameters(paramLabel = "CONFIG.json", description = "A diffusers or transformers config.json.")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Outcome call() {
    var out = spec.commandLine().getOut();
    out.print(ModelManifest.of(Architecture.fromConfig(config)).format());
    out.flush();
    return Outcome.OK;
  }
}
