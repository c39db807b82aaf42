package io.difflens.app.score;

import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code difflens score winoground FILE.jsonl}: Winoground text, image and group scores (strict {@code >}) of lines {"id", "c0_i0", "c0_i1", "c1_i0", "c1_i1"}. */
@Command(name = "winoground", mixinStandardHelpOptions = true, description = "Winoground text, image and group scores (strict >) of lines {\"id\", \"c0_i0\", \"c0_i1\", \"c1_i0\", \"c1_i1\"}.")
final class ScoreWinogroundCommand extends FileScoreCommand {
  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreWinoground(input);
  }
}
