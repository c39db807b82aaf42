package io.difflens.models.golden;

import java.util.List;
import java.util.Locale;

/** Result of checking one golden folder: every reference output with its errors. */
public record GoldenReport(String folder, GoldenKind kind, List<TensorError> errors) {

  public GoldenReport {
    errors = List.copyOf(errors);
  }

  /** The largest norm-wise relative error (infinite if any output failed). */
  public double maxRelativeError() {
    return errors.stream()
        .mapToDouble(TensorError::relativeError)
        .max()
        .orElse(Double.POSITIVE_INFINITY);
  }

  public boolean passed(double tolerance) {
    return !errors.isEmpty() && errors.stream().allMatch(e -> e.within(tolerance));
  }

  /** One line per output ({@code name max_abs_err rel_err}), then {@code max_rel_err <value>}. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (TensorError e : errors) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s\tmax_abs_err %.3e\trel_err %.3e",
              e.name(),
              e.maxAbsError(),
              e.relativeError()));
      if (!e.problem().isEmpty()) {
        sb.append("\tFAILED: ").append(e.problem());
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "max_rel_err %.3e%n", maxRelativeError()));
    return sb.toString();
  }
}
