package io.difflens.app;

import io.difflens.app.eval.EvalCommand;
import io.difflens.app.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code difflens} command. */
@Command(
    name = "difflens",
    mixinStandardHelpOptions = true,
    subcommands = {TrainCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
