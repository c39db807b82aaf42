package io.difflens.app.doctor;

/** One thing {@code difflens doctor} verifies. Implementations never throw: a failure is a result. */
@FunctionalInterface
public interface Check {
  CheckResult run();
}
