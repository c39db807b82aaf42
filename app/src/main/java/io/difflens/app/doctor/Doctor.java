package io.difflens.app.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs checks in order and reports each as it completes. */
public final class Doctor {
  private final List<Check> checks;

  public Doctor(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** Runs every check (a failing one does not stop the rest), telling {@code report} after each. */
  public List<CheckResult> run(Consumer<CheckResult> report) {
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      CheckResult r;
      try {
        r = check.run();
      } catch (RuntimeException | LinkageError e) {
        r = CheckResult.fail(check.getClass().getSimpleName(), "check crashed: " + e);
      }
      results.add(r);
      report.accept(r);
    }
    return results;
  }

  /** Whether nothing failed. */
  public static boolean healthy(List<CheckResult> results) {
    return results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAIL);
  }
}
