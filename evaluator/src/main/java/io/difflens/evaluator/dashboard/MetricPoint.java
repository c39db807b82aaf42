package io.difflens.evaluator.dashboard;

import java.util.Objects;

/**
 * One metric value as the evaluator published it: the value of {@link SeriesKey a series} over one window.
 * Re-publications for the same series and window (a window's aggregate being updated) replace each other.
 *
 * @param key         which series the value belongs to
 * @param value       metric value over the window; finite
 * @param count       number of scored items behind {@code value}; not negative
 * @param windowStart inclusive window start, epoch milliseconds
 * @param windowEnd   exclusive window end, epoch milliseconds; not before {@code windowStart}
 */
public record MetricPoint(SeriesKey key, double value, long count, long windowStart, long windowEnd) {

    public MetricPoint {
        Objects.requireNonNull(key, "key must not be null");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value + " for " + key);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count + " for " + key);
        }
        if (windowEnd < windowStart) {
            throw new IllegalArgumentException("windowEnd " + windowEnd + " is before windowStart " + windowStart
                    + " for " + key);
        }
    }

    /** Convenience factory with the key's parts spelled out. */
    public static MetricPoint of(String benchmark, String category, String metric, String bundleId,
            String adapterVersion, double value, long count, long windowStart, long windowEnd) {
        return new MetricPoint(new SeriesKey(benchmark, category, metric, bundleId, adapterVersion), value, count,
                windowStart, windowEnd);
    }
}
