package io.difflens.platform.reactive;

import java.time.Duration;

import io.difflens.platform.config.ConfigException;
import io.difflens.platform.config.ConfigValues;

/**
 * How records are batched and retried. Keys: {@code processing.batch.size} (default 16),
 * {@code processing.batch.max.wait} (default 200ms), {@code processing.max.buffered.records} (default 256),
 * {@code processing.retry.max.attempts} (default 3), {@code processing.retry.backoff} (default 100ms),
 * {@code processing.retry.max.backoff} (default 2s), {@code processing.poll.timeout} (default 100ms),
 * {@code processing.commit.overlap} (default true).
 *
 * @param batchSize          most records per batch, at least 1
 * @param batchMaxWait       longest wait to fill a batch before processing what is there
 * @param maxBufferedRecords records a source may hold ahead of demand before it pauses its partitions
 * @param maxAttempts        tries of a failing batch (and then of each of its records) before dead-lettering
 * @param retryBackoff       first pause between tries, doubled each time
 * @param maxRetryBackoff    ceiling of the pause between tries
 * @param pollTimeout        longest block of one consumer poll
 * @param commitOverlap      whether a {@link TransactionalProcessor} commits batch k on a second thread while
 *                           it polls and transforms batch k+1 (outputs and guarantees are the same either way;
 *                           off, every batch waits for its own commit)
 */
public record ProcessingConfig(int batchSize, Duration batchMaxWait, int maxBufferedRecords, int maxAttempts,
                               Duration retryBackoff, Duration maxRetryBackoff, Duration pollTimeout,
                               boolean commitOverlap) {

    /** The defaults listed on the class. */
    public static final ProcessingConfig DEFAULTS = new ProcessingConfig(16, Duration.ofMillis(200), 256, 3,
            Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(100), true);

    /** Validates every field; messages name the key and value. */
    public ProcessingConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("processing.batch.size must be >= 1, was " + batchSize);
        }
        requirePositive("processing.batch.max.wait", batchMaxWait);
        if (maxBufferedRecords < 1) {
            throw new IllegalArgumentException("processing.max.buffered.records must be >= 1, was " + maxBufferedRecords);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("processing.retry.max.attempts must be >= 1, was " + maxAttempts);
        }
        requirePositive("processing.retry.backoff", retryBackoff);
        requirePositive("processing.retry.max.backoff", maxRetryBackoff);
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("processing.retry.max.backoff (" + maxRetryBackoff
                    + ") must not be below processing.retry.backoff (" + retryBackoff + ")");
        }
        requirePositive("processing.poll.timeout", pollTimeout);
    }

    /** Reads {@code processing.*}. */
    public static ProcessingConfig from(ConfigValues v) {
        ProcessingConfig d = DEFAULTS;
        try {
            return new ProcessingConfig(
                    v.integer("processing.batch.size", d.batchSize, 1, 1_000_000),
                    v.duration("processing.batch.max.wait", d.batchMaxWait),
                    v.integer("processing.max.buffered.records", d.maxBufferedRecords, 1, 10_000_000),
                    v.integer("processing.retry.max.attempts", d.maxAttempts, 1, 1000),
                    v.duration("processing.retry.backoff", d.retryBackoff),
                    v.duration("processing.retry.max.backoff", d.maxRetryBackoff),
                    v.duration("processing.poll.timeout", d.pollTimeout),
                    v.bool("processing.commit.overlap", d.commitOverlap));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a cross-field rule (e.g. max backoff below backoff): the message names both keys
            throw new ConfigException("processing", "invalid configuration: " + e.getMessage());
        }
    }

    /** A copy with another batch size and maximum wait. */
    public ProcessingConfig withBatching(int size, Duration maxWait) {
        return new ProcessingConfig(size, maxWait, maxBufferedRecords, maxAttempts, retryBackoff, maxRetryBackoff,
                pollTimeout, commitOverlap);
    }

    /** A copy with another retry policy. */
    public ProcessingConfig withRetries(int attempts, Duration backoff, Duration maxBackoff) {
        return new ProcessingConfig(batchSize, batchMaxWait, maxBufferedRecords, attempts, backoff, maxBackoff,
                pollTimeout, commitOverlap);
    }

    /** A copy with another buffer bound. */
    public ProcessingConfig withMaxBufferedRecords(int n) {
        return new ProcessingConfig(batchSize, batchMaxWait, n, maxAttempts, retryBackoff, maxRetryBackoff, pollTimeout,
                commitOverlap);
    }

    /** A copy with commit overlap switched on or off. */
    public ProcessingConfig withCommitOverlap(boolean overlap) {
        return new ProcessingConfig(batchSize, batchMaxWait, maxBufferedRecords, maxAttempts, retryBackoff,
                maxRetryBackoff, pollTimeout, overlap);
    }

    /** The pause before try number {@code attempt} (2 = first retry): exponential, capped. */
    public Duration backoffBefore(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 2, 0), 20);
        Duration d = retryBackoff.multipliedBy(factor);
        return d.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : d;
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
