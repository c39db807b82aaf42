package io.difflens.app.score;

import io.difflens.app.Outcome;
import io.difflens.evaluator.offline.OfflineScoring;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every {@code score} subcommand shares: one input file, a scorer from
 * {@link OfflineScoring}, and the result printed as one JSON line. A file that is missing or malformed
 * ends in an exception naming the file and the problem, which {@code Main} turns into a non-zero exit.
 */
abstract class FileScoreCommand implements Callable<Outcome> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The answer file (format in the evaluator README).")
  Path file;

  @Spec CommandSpec spec;

  /** Scores {@code input}, which exists and is a regular file. */
  abstract Map<String, ?> score(Path input);

  @Override
  public Outcome call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
    }
    Map<String, ?> result = score(file);
    PrintWriter out = spec.commandLine().getOut();
    out.println(OfflineScoring.toJson(result));
    out.flush();
    return Outcome.OK;
  }
}
