package io.difflens.app.doctor;

import java.util.Objects;

/** The outcome of one {@link Check}: one line of the doctor's report. */
public record CheckResult(String name, Status status, String detail) {
  /** How a check went. */
  public enum Status {
    OK,
    FAIL,
    /** Not applicable here (nothing to check, or the feature does not exist yet); never a failure. */
    SKIP
  }

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static CheckResult ok(String name, String detail) {
    return new CheckResult(name, Status.OK, detail);
  }

  public static CheckResult fail(String name, String detail) {
    return new CheckResult(name, Status.FAIL, detail);
  }

  public static CheckResult skip(String name, String detail) {
    return new CheckResult(name, Status.SKIP, detail);
  }

  /** The report line, e.g. {@code OK    broker     127.0.0.1:9092 (1 node)}. */
  public String line() {
    return String.format("%-5s %-9s %s", status, name, detail);
  }
}
