package io.difflens.platform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that becomes true asynchronously (polling every 50 ms, bounded by a timeout). */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Returns once {@code condition} holds; fails with {@code description} after {@code timeout}.
     *
     * @throws AssertionError when the condition did not hold in time
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + description.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + description.get(), e);
            }
        }
    }
}
