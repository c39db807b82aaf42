package io.difflens.ingest.publish;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Spaces out events to at most {@code perSecond} on average: the n-th {@link #acquire()} returns no earlier
 * than {@code start + n / perSecond}. Lagging behind (a slow broker) is not made up with a burst beyond one
 * second's worth. Clock and sleep are injected so tests do not depend on timing.
 */
public final class RateLimiter {
  /** Sleeps for a number of nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long next = Long.MIN_VALUE;

  public RateLimiter(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a finite number > 0 per second, got " + perSecond);
    }
    this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** With the system clock and {@link Thread#sleep}. */
  public static RateLimiter perSecond(double perSecond) {
    return new RateLimiter(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** Blocks until the next event may go. */
  public void acquire() throws InterruptedException {
    long now = clock.getAsLong();
    if (next == Long.MIN_VALUE || now - next > 1_000_000_000L) {
      next = now; // first call, or so far behind that catching up would be a burst
    }
    long wait = next - now;
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
    next += intervalNanos;
  }
}
