package io.difflens.models.golden;

import java.util.List;
import java.util.Locale;

/** The result of checking one golden folder: one comparison per reference output. */
public record GoldenReport(GoldenKind kind, List<TensorComparison> tensors) {

  public GoldenReport {
    tensors = List.copyOf(tensors);
  }

  /** The largest norm-wise relative error; infinite if any output was not produced. */
  public double maxRelativeError() {
    return tensors.stream().mapToDouble(TensorComparison::relativeError).max().orElse(0);
  }

  /** Whether every output was produced within {@code tolerance} relative error. */
  public boolean passes(double tolerance) {
    return tensors.stream().allMatch(t -> t.produced() && t.relativeError() <= tolerance);
  }

  /**
   * The {@code difflens model check} output: per tensor its name, max abs error and relative error
   * (or why it failed), then {@code max_rel_err <value>}.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (TensorComparison t : tensors) {
      sb.append(t.name()).append('\t');
      if (t.produced()) {
        sb.append(
            String.format(
                Locale.ROOT, "max_abs_err %.3e\trel_err %.3e", t.maxAbsError(), t.relativeError()));
      } else {
        sb.append("FAILED\t").append(t.problem());
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "max_rel_err %.3e%n", maxRelativeError()));
    return sb.toString();
  }
}
