package io.difflens.app.ingest;

import io.difflens.ingest.publish.ProgressListener;
import java.io.PrintStream;

/** A one-line progress bar redrawn in place with {@code \r}; meant for a terminal only. */
final class TerminalProgress implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private long lastDrawNanos;

  TerminalProgress(PrintStream err) {
    this.err = err;
  }

  /** A bar on stderr when stderr is a terminal; nothing otherwise (logs and pipes stay clean). */
  static ProgressListener forStderr() {
    return System.console() != null ? new TerminalProgress(System.err) : ProgressListener.NONE;
  }

  @Override
  public void onProgress(long done, long total, long rejected) {
    long now = System.nanoTime();
    boolean last = total > 0 && done >= total;
    if (!last && now - lastDrawNanos < 100_000_000L) {
      return; // redraw at most 10 times a second
    }
    lastDrawNanos = now;
    StringBuilder bar = new StringBuilder("\r");
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      bar.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
          .append(done).append('/').append(total);
    } else {
      bar.append(done).append(" records");
    }
    if (rejected > 0) {
      bar.append(" (").append(rejected).append(" rejected)");
    }
    err.print(bar);
    if (last) {
      err.println();
    }
    err.flush();
  }
}
