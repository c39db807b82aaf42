package io.difflens.trainer.internal;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, drawn only when stderr is a terminal (not in logs or CI). */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean enabled;
  private final String label;
  private final int total;

  public ProgressBar(String label, int total) {
    this(label, total, System.err, System.console() != null);
  }

  ProgressBar(String label, int total, PrintStream err, boolean enabled) {
    this.label = label;
    this.total = total;
    this.err = err;
    this.enabled = enabled;
  }

  public void update(int step, double loss, double stepsPerSecond) {
    if (!enabled) {
      return;
    }
    int filled = (int) Math.round(WIDTH * (double) step / total);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double eta = stepsPerSecond > 0 ? (total - step) / stepsPerSecond : 0;
    err.printf(
        Locale.ROOT,
        "\r%s [%s] %d/%d loss %.4f %.2f it/s eta %ds ",
        label,
        bar,
        step,
        total,
        loss,
        stepsPerSecond,
        Math.round(eta));
    err.flush();
  }

  public void done() {
    if (enabled) {
      err.println();
    }
  }
}
