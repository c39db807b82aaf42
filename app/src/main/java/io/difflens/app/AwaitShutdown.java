package io.difflens.app;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until the JVM is asked to stop (SIGTERM, SIGINT), then runs its
 * clean-up from the shutdown hook: the JVM exits only after the clean-up finished.
 */
public final class AwaitShutdown {
  private AwaitShutdown() {}

  /** Blocks forever; {@code cleanup} runs on SIGTERM/SIGINT before the JVM exits. */
  public static void blockUntilTerminated(Runnable cleanup) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cleanup.run();
      } finally {
        stopped.countDown();
      }
    }, "difflens-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
