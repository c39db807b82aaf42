package io.difflens.app.local;

import picocli.CommandLine.Command;

/** {@code difflens local ...}: the all-in-one local stack. */
@Command(name = "local", description = "Run difflens's infrastructure on this machine.",
    mixinStandardHelpOptions = true, subcommands = {LocalUpCommand.class})
public final class LocalCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
