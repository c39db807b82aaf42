package io.difflens.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.world.Answers;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.TokenBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a question suite through a bundle in process: synth-vqa answers are generated greedily and
 * compared with the canonical answer; synth-mmvp options are scored by the answerer's likelihood
 * and a pair counts only if both its questions are right.
 */
public final class SuiteEvaluator {
  private static final int BATCH = 16;
  private static final int MAX_NEW_TOKENS = 6;

  private final TinyBundle bundle;

  public SuiteEvaluator(TinyBundle bundle) {
    this.bundle = bundle;
  }

  public EvalResult evaluate(EvalSpec spec) {
    SuiteOptions options = SuiteOptions.DEFAULT.withRender(RenderConfig.ofSize(bundle.imageSize()));
    String modeText = spec.baseline() == Baseline.NO_IMAGE ? "NO_IMAGE" : spec.mode().text();
    return switch (spec.suite()) {
      case SYNTH_VQA -> {
        @SuppressWarnings("unchecked")
        Suite<QuestionItem> suite = (Suite<QuestionItem>) spec.suite().generate(spec.seed(), spec.n(), options);
        yield score(spec, modeText, suite.items(), false);
      }
      case SYNTH_MMVP -> {
        @SuppressWarnings("unchecked")
        Suite<QuestionItem> suite = (Suite<QuestionItem>) spec.suite().generate(spec.seed(), spec.n(), options);
        yield score(spec, modeText, suite.items(), true);
      }
      default -> throw new IllegalArgumentException(
          spec.suite().suiteName() + " is scored by the app's eval command, not here");
    };
  }

  private EvalResult score(EvalSpec spec, String modeText, List<QuestionItem> items, boolean pairs) {
    boolean[] correct = new boolean[items.size()];
    for (int start = 0; start < items.size(); start += BATCH) {
      List<QuestionItem> chunk = items.subList(start, Math.min(items.size(), start + BATCH));
      try (NDManager m = bundle.manager().newSubManager()) {
        NDArray tokens = visualTokens(m, chunk, spec, start);
        for (int i = 0; i < chunk.size(); i++) {
          QuestionItem item = chunk.get(i);
          NDArray row = tokens.get(i).expandDims(0);
          correct[start + i] = pairs ? chooseOption(m, row, item) : answerOpen(m, row, item);
        }
      }
    }
    return pairs ? pairScores(spec, modeText, items, correct) : itemScores(spec, modeText, items, correct);
  }

  private NDArray visualTokens(NDManager m, List<QuestionItem> chunk, EvalSpec spec, int start) {
    NDArray pixels = Images.batch(m, chunk.stream().map(q -> q.image().decode()).toList());
    List<String> prompts = chunk.stream().map(QuestionItem::question).toList();
    // fixed noise per batch position, derived from the suite seed: reruns give the same features
    NDArray t = bundle.features().tokens(m, pixels, prompts, spec.mode(), spec.seed() * 31 + start);
    if (t.getShape().get(2) != bundle.projectorInput()) {
      throw new IllegalArgumentException(
          "feature mode " + spec.mode().text() + " gives " + t.getShape().get(2)
              + " channels per token, the bundle's projector takes " + bundle.projectorInput());
    }
    return spec.baseline() == Baseline.NO_IMAGE ? t.zerosLike() : t;
  }

  private boolean answerOpen(NDManager m, NDArray row, QuestionItem item) {
    String answer = bundle.answerer().answer(m, row, item.question(), MAX_NEW_TOKENS);
    return Answers.matches(answer, item.answer());
  }

  private boolean chooseOption(NDManager m, NDArray row, QuestionItem item) {
    List<TokenBatch.Row> rows = new ArrayList<>();
    for (String option : item.options()) {
      rows.add(bundle.answerer().row(item.question(), option));
    }
    NDArray visual = row.repeat(0, item.options().size());
    float[] nll = bundle.answerer().rowNll(m, visual, rows);
    int best = 0;
    for (int i = 1; i < nll.length; i++) {
      if (nll[i] < nll[best]) {
        best = i;
      }
    }
    return best == item.answerIndex();
  }

  private static EvalResult itemScores(
      EvalSpec spec, String modeText, List<QuestionItem> items, boolean[] correct) {
    Map<String, int[]> perCat = new TreeMap<>();
    int right = 0;
    for (int i = 0; i < items.size(); i++) {
      int[] c = perCat.computeIfAbsent(items.get(i).category(), k -> new int[2]);
      c[1]++;
      if (correct[i]) {
        c[0]++;
        right++;
      }
    }
    return new EvalResult(
        spec.suite().suiteName(), spec.seed(), spec.n(), modeText, (double) right / items.size(), fractions(perCat));
  }

  private static EvalResult pairScores(
      EvalSpec spec, String modeText, List<QuestionItem> items, boolean[] correct) {
    Map<String, Boolean> pairOk = new LinkedHashMap<>();
    Map<String, String> pairCat = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      QuestionItem q = items.get(i);
      pairOk.merge(q.groupId(), correct[i], Boolean::logicalAnd);
      pairCat.putIfAbsent(q.groupId(), q.category());
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
