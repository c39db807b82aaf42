package io.difflens.app.score;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code difflens score <benchmark> FILE}: offline scoring of an answer file with the evaluator's metric
 * library. Each subcommand prints its result as one JSON object on the last line of stdout; the file formats
 * are documented in the evaluator's README.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score an answer file offline; the last stdout line is one JSON object.",
    subcommands = {
      ScoreCaptionsCommand.class,
      ScoreWinogroundCommand.class,
      ScoreVqaCommand.class,
      ScoreMmvpCommand.class,
      ScoreMmvpVlmCommand.class,
      ScoreBlinkCommand.class
    })
public final class ScoreCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
