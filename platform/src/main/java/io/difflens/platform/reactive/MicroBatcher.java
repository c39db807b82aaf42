package io.difflens.platform.reactive;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * Groups a stream into batches by size and by maximum wait: a batch is emitted when it holds
 * {@code maxSize} elements or when {@code maxWait} has passed since its first element. Order is kept, so
 * records of one partition stay in offset order across and within batches.
 */
public final class MicroBatcher {

    private MicroBatcher() {
    }

    /**
     * Batches {@code source}. Back-pressure is kept: upstream is asked for at most what the pending
     * batches can hold (Reactor's {@code bufferTimeout} in fair back-pressure mode).
     */
    public static <T> Flux<List<T>> batch(Flux<T> source, int maxSize, Duration maxWait) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + maxSize);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("batch max wait must be positive, was " + maxWait);
        }
        return source.bufferTimeout(maxSize, maxWait, true);
    }

    /** {@link #batch(Flux, int, Duration)} with the sizes of {@code config}. */
    public static <T> Flux<List<T>> batch(Flux<T> source, ProcessingConfig config) {
        return batch(source, config.batchSize(), config.batchMaxWait());
    }
}
