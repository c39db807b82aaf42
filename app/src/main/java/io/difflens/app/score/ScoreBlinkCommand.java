package io.difflens.app.score;

import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code difflens score blink FILE.jsonl}: BLINK accuracy per subtask and macro average of lines {"idx", "subtask", "choices", "answer", "response"}. */
@Command(name = "blink", mixinStandardHelpOptions = true, description = "BLINK accuracy per subtask and macro average of lines {\"idx\", \"subtask\", \"choices\", \"answer\", \"response\"}.")
final class ScoreBlinkCommand extends FileScoreCommand {
  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreBlink(input);
  }
}
