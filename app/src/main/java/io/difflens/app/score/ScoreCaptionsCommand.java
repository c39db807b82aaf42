package io.difflens.app.score;

import io.difflens.evaluator.metrics.Tokenization;
import io.difflens.evaluator.offline.OfflineScoring;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code difflens score captions FILE.json [--tokenize ptb|none]}: BLEU-1..4, ROUGE-L, CIDEr-D. */
@Command(name = "captions", mixinStandardHelpOptions = true,
    description = {"Caption metrics as pycocoevalcap computes them (BLEU-1..4, ROUGE-L, CIDEr-D) of",
        "{\"images\":[{\"image_id\":..., \"references\":[...], \"candidate\":...}]}.",
        "Prints {\"Bleu_1\",\"Bleu_2\",\"Bleu_3\",\"Bleu_4\",\"ROUGE_L\",\"CIDEr\"} with full double precision."})
final class ScoreCaptionsCommand extends FileScoreCommand {
  @Option(names = "--tokenize", paramLabel = "ptb|none", defaultValue = "ptb", converter = TokenizationConverter.class,
      description = "ptb: PTB tokenisation as pycocoevalcap (default); none: split on whitespace only.")
  Tokenization tokenization;

  @Override
  Map<String, ?> score(Path input) {
    return OfflineScoring.scoreCaptions(input, tokenization);
  }

  /** Lower-case choice names on the command line, the enum in code. */
  static final class TokenizationConverter implements ITypeConverter<Tokenization> {
    @Override
    public Tokenization convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "ptb" -> Tokenization.PTB;
        case "none" -> Tokenization.NONE;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "--tokenize must be ptb or none, got '" + value + "'");
      };
    }
  }
}
