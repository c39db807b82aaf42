package io.difflens.trainer.eval;

import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.world.Answers;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.AnswerOptions;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureOptions;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.trainer.AnswererVariant;
import io.difflens.trainer.data.PixelPatches;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Scores a serving bundle on a synthetic suite through the same pipelines the Kafka services run
 * ({@link FeatureExtractor}, {@link Answerer}) with the bundle's defaults, fed exactly what a request
 * carries: the encoded image bytes, preprocessed as the feature extractor does, and the request's prompt.
 * So a suite streamed through the services (e.g. {@code difflens demo}) and scored here agree.
 *
 * <p>synth-vqa: the generated answer must match the canonical one ({@link Answers#matches}). synth-mmvp:
 * the bare question is asked (the world's training questions carry no lettered options) and the generated
 * answer must match the right option; a pair counts only if both of its questions are right.
 *
 * <p>Two columns of the model card use answerers trained beside the bundle's own ({@link AnswererVariant}):
 * {@link Baseline#PIXELS} reads raw-pixel patches with the pixel answerer, and the CONCAT mode uses the
 * CONCAT answerer when the bundle has one (its own projector takes one branch's channels). Variants load
 * on first use ({@link ModelBundle#answererVariant}) and close with the bundle.
 */
public final class SuiteEvaluator {
  /** Items per pipeline call, as the services' default micro batch. */
  public static final int BATCH = 8;

  private final ModelBundle bundle;
  private final FeatureExtractor extractor;
  private final Answerer answerer;
  private final ImagePreprocessor preprocessor;
  private final Map<AnswererVariant, Answerer> variants = new EnumMap<>(AnswererVariant.class);

  public SuiteEvaluator(ModelBundle bundle) {
    this.bundle = bundle;
    this.extractor = new FeatureExtractor(bundle);
    this.answerer = new Answerer(bundle);
    this.preprocessor = new ImagePreprocessor(bundle.config().imageSize());
  }

  /** Whether the bundle carries an answerer variant ({@code variants/<key>/}). */
  public boolean hasVariant(AnswererVariant v) {
    return bundle.answererVariants().contains(v.key());
  }

  private Answerer variant(AnswererVariant v) {
    return variants.computeIfAbsent(v, k -> Answerer.variant(bundle, k.key()).orElseThrow(() ->
        new IllegalArgumentException(
            "bundle " + bundle.directory() + " has no " + k.key() + " answerer (variants/" + k.key()
                + "/); train one with `difflens train pt --variant " + k.key() + "` then `train sft --variant "
                + k.key() + "`")));
  }

  /** The answerer a spec is scored with. */
  private Answerer answererFor(EvalSpec spec) {
    if (spec.baseline() == Baseline.PIXELS) {
      return variant(AnswererVariant.PIXELS);
    }
    if (spec.mode() instanceof FeatureMode.Concat && hasVariant(AnswererVariant.CONCAT)) {
      return variant(AnswererVariant.CONCAT);
    }
    return answerer;
  }


  /** One answered item. */
  public record Scored(QuestionItem item, String answer, boolean correct) {}

  /** Runs {@code spec}: synth-vqa and synth-mmvp. */
  public EvalResult evaluate(EvalSpec spec) {
    return evaluate(spec, scored -> {});
  }

  /** Runs {@code spec} and hands every answered item, in suite order, to {@code answered}. */
  public EvalResult evaluate(EvalSpec spec, Consumer<Scored> answered) {
    SuiteOptions options = SuiteOptions.DEFAULT.withRender(RenderConfig.ofSize(bundle.config().imageSize()));
    String modeText = spec.baseline() == Baseline.NONE ? spec.mode().text() : spec.baseline().name();
    boolean pairs = switch (spec.suite()) {
      case SYNTH_VQA -> false;
      case SYNTH_MMVP -> true;
      default -> throw new IllegalArgumentException(
          spec.suite().suiteName() + " has no answer-based score; synth-vqa and synth-mmvp do");
    };
    List<Scored> scored = answer(spec, questions(spec, options), pairs);
    scored.forEach(answered);
    return pairs ? pairScores(spec, modeText, scored) : itemScores(spec, modeText, scored);
  }

  @SuppressWarnings("unchecked")
  private static List<QuestionItem> questions(EvalSpec spec, SuiteOptions options) {
    return ((Suite<QuestionItem>) spec.suite().generate(spec.seed(), spec.n(), options)).items();
  }

  /** Every item answered, in order; {@code bare} asks the question without its lettered options. */
  public List<Scored> answer(EvalSpec spec, List<QuestionItem> items, boolean bare) {
    FeatureOptions features = extractor.defaults().withMode(spec.mode());
    Answerer scorer = answererFor(spec);
    AnswerOptions answering = scorer.defaults();
    List<Scored> out = new ArrayList<>(items.size());
    for (int start = 0; start < items.size(); start += BATCH) {
      List<QuestionItem> chunk = items.subList(start, Math.min(items.size(), start + BATCH));
      List<FeatureInput> inputs = new ArrayList<>(chunk.size());
      for (QuestionItem item : chunk) {
        inputs.add(FeatureInput.of(preprocessor.preprocess(item.image().bytes()), prompt(item, bare)));
      }
      List<FeatureTensor> visual =
          spec.baseline() == Baseline.PIXELS ? pixelTokens(inputs) : extractor.extract(inputs, features);
      List<AnswerInput> questions = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        FeatureTensor f = visual.get(i);
        if (spec.baseline() == Baseline.NO_IMAGE) {
          f = new FeatureTensor(f.tokens(), f.channels(), new float[f.values().length]);
        }
        questions.add(new AnswerInput(f, prompt(chunk.get(i), bare)));
      }
      var answers = scorer.answer(questions, answering);
      for (int i = 0; i < chunk.size(); i++) {
        QuestionItem item = chunk.get(i);
        String text = answers.get(i).text();
        out.add(new Scored(item, text, Answers.matches(text, item.answer())));
      }
    }
    return out;
  }

  /** The pixel baseline's tokens: the preprocessed image in patches on the feature grid. */
  private List<FeatureTensor> pixelTokens(List<FeatureInput> inputs) {
    int size = bundle.config().imageSize();
    int grid = bundle.config().features().grid();
    List<FeatureTensor> out = new ArrayList<>(inputs.size());
    for (FeatureInput in : inputs) {
      out.add(
          new FeatureTensor(
              grid * grid, PixelPatches.channels(size, grid), PixelPatches.tokens(in.image().chw(), size, grid)));
    }
    return out;
  }

  private static String prompt(QuestionItem item, boolean bare) {
    return bare ? item.question() : item.prompt();
  }

  private static EvalResult itemScores(EvalSpec spec, String modeText, List<Scored> scored) {
    Map<String, int[]> perCat = new TreeMap<>();
    int right = 0;
    for (Scored s : scored) {
      int[] c = perCat.computeIfAbsent(s.item().category(), k -> new int[2]);
      c[1]++;
      if (s.correct()) {
        c[0]++;
        right++;
      }
    }
    return new EvalResult(
        spec.suite().suiteName(), spec.seed(), spec.n(), modeText, (double) right / scored.size(), fractions(perCat));
  }

  private static EvalResult pairScores(EvalSpec spec, String modeText, List<Scored> scored) {
    Map<String, Boolean> pairOk = new LinkedHashMap<>();
    Map<String, String> pairCat = new LinkedHashMap<>();
    for (Scored s : scored) {
      pairOk.merge(s.item().groupId(), s.correct(), Boolean::logicalAnd);
      pairCat.putIfAbsent(s.item().groupId(), s.item().category());
    }
    Map<String, int[]> perCat = new TreeMap<>();
    int right = 0;
    for (Map.Entry<String, Boolean> e : pairOk.entrySet()) {
      int[] c = perCat.computeIfAbsent(pairCat.get(e.getKey()), k -> new int[2]);
      c[1]++;
      if (e.getValue()) {
        c[0]++;
        right++;
      }
    }
    return new EvalResult(
        spec.suite().suiteName(), spec.seed(), spec.n(), modeText, (double) right / pairOk.size(), fractions(perCat));
  }

  private static Map<String, Double> fractions(Map<String, int[]> perCat) {
    Map<String, Double> out = new LinkedHashMap<>();
    perCat.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
    return out;
  }
}
