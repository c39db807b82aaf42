package io.difflens.app.score;

import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code difflens score vqa FILE.jsonl}: VQA soft accuracy and exact match of lines {"question_id", "answer", "references"}. */
@Command(name = "vqa", mixinStandardHelpOptions = true, description = "VQA soft accuracy and exact match of lines {\"question_id\", \"answer\", \"references\"}.")
final class ScoreVqaCommand extends FileScoreCommand {
  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreVqa(input);
  }
}
