package io.difflens.app.model;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code difflens model ...}: tools for the networks and bundles of the {@code models} module. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Inspect architectures, check them against golden outputs, summarise bundles.",
    subcommands = {ManifestCommand.class, CheckCommand.class, InspectCommand.class})
public final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
