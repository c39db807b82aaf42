package io.difflens.trainer;

/**
 * What one run of {@link TrainingLoop} did.
 *
 * @param startStep the step it started from (0, or the checkpoint's step when resumed)
 * @param steps the step count reached
 * @param firstLoss mean loss over the first logged window of this run
 * @param lastLoss mean loss over the last logged window of this run
 * @param seconds wall time of this run
 */
public record TrainingResult(int startStep, int steps, double firstLoss, double lastLoss, double seconds) {

  /** Steps per second of this run. */
  public double stepsPerSecond() {
    return seconds > 0 ? (steps - startStep) / seconds : 0;
  }
}
