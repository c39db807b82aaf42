package io.difflens.app.eval;

import io.difflens.datasets.suites.SuiteKind;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.trainer.eval.Baseline;
import io.difflens.trainer.eval.EvalResult;
import io.difflens.trainer.eval.EvalSpec;
import io.difflens.trainer.eval.SuiteEvaluator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code difflens eval --bundle DIR --suite NAME --seed N --n COUNT [--feature-mode M]
 * [--baseline NO_IMAGE|PIXELS] [--json]}: runs a synthetic suite through a bundle in process (no Kafka)
 * and prints per-category and overall scores; with {@code --json} the last stdout line is the
 * result as one JSON object.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Score a bundle on a synthetic suite (synth-vqa, synth-mmvp, synth-winoground, synth-captions),"
            + " in process, through the same pipelines the services run.")
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--bundle", required = true, description = "bundle directory")
  Path bundle;

  @Option(
      names = "--suite",
      required = true,
      description = "synth-vqa | synth-mmvp | synth-winoground | synth-captions")
  String suite;

  @Option(names = "--seed", required = true, description = "suite seed (never one used in training)")
  long seed;

  @Option(
      names = "--n",
      required = true,
      description = "items (synth-vqa, synth-captions), pairs (synth-mmvp) or groups (synth-winoground)")
  int n;

  @Option(
      names = "--feature-mode",
      defaultValue = "COND",
      description =
          "UNCOND | COND | CFG:<w> | CONCAT (default: ${DEFAULT-VALUE}); CONCAT is read by the bundle's CONCAT"
              + " answerer (variants/concat/) when it has one")
  String featureMode;

  @Option(
      names = "--baseline",
      defaultValue = "NONE",
      description =
          "NONE | NO_IMAGE (zeroed visual tokens: question only) | PIXELS (raw-pixel patches, read by the"
              + " answerer trained on them: variants/pixels/)")
  Baseline baseline;

  @Option(
      names = "--matcher",
      defaultValue = "ATTENTION",
      description = "synth-winoground scorer: ATTENTION | DIFFUSION_ITM | CLIP (default: ${DEFAULT-VALUE})")
  MatchingAndCaptionEval.Matcher matcher;

  @Option(names = "--json", description = "print the result as JSON on the last line")
  boolean json;

  @Option(
      names = "--answers",
      paramLabel = "FILE",
      description =
          "synth-vqa and synth-mmvp: also write every answered item as one JSON line (id, category, question,"
              + " expected, answer, correct) for error analysis")
  Path answers;

  @Override
  public Integer call() throws IOException {
    SuiteKind kind = SuiteKind.fromName(suite);
    if (answers != null && kind != SuiteKind.SYNTH_VQA && kind != SuiteKind.SYNTH_MMVP) {
      throw new IllegalArgumentException(
          "--answers writes answered questions: it applies to synth-vqa and synth-mmvp, not " + kind.suiteName());
    }
    FeatureMode mode = FeatureMode.parse(featureMode, 1.5);
    EvalResult r;
    try (ModelBundle b = ModelBundle.load(bundle)) {
      r = switch (kind) {
        case SYNTH_VQA, SYNTH_MMVP -> answeredItems(b, kind, mode);
        case SYNTH_WINOGROUND -> MatchingAndCaptionEval.winoground(b, bundle, seed, n, matcher);
        case SYNTH_CAPTIONS -> MatchingAndCaptionEval.captions(b, seed, n, mode);
      };
    }
    System.out.printf(Locale.ROOT, "%s seed %d n %d %s%n", r.suite(), r.seed(), r.n(), r.featureMode());
    r.categories().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-12s %.3f%n", k, v));
    System.out.printf(Locale.ROOT, "  %-12s %.3f%n", "overall", r.overall());
    if (json) {
      System.out.println(r.toJson().toString());
    }
    return 0;
  }

  private EvalResult answeredItems(ModelBundle b, SuiteKind kind, FeatureMode mode) throws IOException {
    EvalSpec spec = new EvalSpec(kind, seed, n, mode, baseline);
    if (answers == null) {
      return new SuiteEvaluator(b).evaluate(spec);
    }
    ObjectMapper json = new ObjectMapper();
    Path parent = answers.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(answers)) {
      EvalResult r = new SuiteEvaluator(b).evaluate(spec, s -> {
        ObjectNode line = json.createObjectNode();
        line.put("id", s.item().id()).put("category", s.item().category());
        line.put("question", s.item().question()).put("expected", s.item().answer());
        line.put("answer", s.answer()).put("correct", s.correct());
        try {
          out.write(json.writeValueAsString(line));
          out.newLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return r;
    }
  }
}
