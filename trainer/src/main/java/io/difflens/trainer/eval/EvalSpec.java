package io.difflens.trainer.eval;

import io.difflens.datasets.suites.SuiteKind;
import io.difflens.models.pipeline.FeatureMode;
import java.util.Objects;

/**
 * One evaluation run.
 *
 * @param suite which synthetic suite
 * @param seed the suite's generation seed (choose one never used in training)
 * @param n items (synth-vqa) or pairs (synth-mmvp)
 * @param mode how unconditional and question-conditioned features combine
 * @param baseline features, or the question-only baseline
 */
public record EvalSpec(SuiteKind suite, long seed, int n, FeatureMode mode, Baseline baseline) {
  public EvalSpec {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(baseline, "baseline");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }
}
