package io.difflens.app.score;

import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code difflens score mmvp-vlm FILE.jsonl}: MMVP-VLM pair accuracy per pattern and their average of lines {"pattern", "img1_stmt1", "img1_stmt2", "img2_stmt1", "img2_stmt2"}. */
@Command(name = "mmvp-vlm", mixinStandardHelpOptions = true, description = "MMVP-VLM pair accuracy per pattern and their average of lines {\"pattern\", \"img1_stmt1\", \"img1_stmt2\", \"img2_stmt1\", \"img2_stmt2\"}.")
final class ScoreMmvpVlmCommand extends FileScoreCommand {
  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreMmvpVlm(input);
  }
}
