package io.difflens.evaluator.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * A series and some of its samples, ordered by window end (then start).
 *
 * @param key     the series
 * @param samples samples in window order; an immutable copy
 */
public record Series(SeriesKey key, List<Sample> samples) {

    public Series {
        Objects.requireNonNull(key, "key must not be null");
        samples = List.copyOf(samples);
    }

    /** The sample with the latest window, or {@code null} when there is none. */
    public Sample latest() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
}
