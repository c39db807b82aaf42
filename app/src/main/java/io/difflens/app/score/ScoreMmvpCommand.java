package io.difflens.app.score;

import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code difflens score mmvp FILE.jsonl}: MMVP pair and question accuracy of lines {"index", "options", "correct_answer", "response"}. */
@Command(name = "mmvp", mixinStandardHelpOptions = true, description = "MMVP pair and question accuracy of lines {\"index\", \"options\", \"correct_answer\", \"response\"}.")
final class ScoreMmvpCommand extends FileScoreCommand {
  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreMmvp(input);
  }
}
