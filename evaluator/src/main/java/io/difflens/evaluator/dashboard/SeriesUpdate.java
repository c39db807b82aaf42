package io.difflens.evaluator.dashboard;

import java.util.List;

/**
 * What a reader gets from {@link MetricSource#since(long)}: the samples written after a cursor, grouped by
 * series, and the cursor to ask with next time.
 *
 * @param epoch              identifies the store instance; a reader that sees it change (the evaluator
 *                           restarted) must drop what it holds and ask again from cursor 0
 * @param cursor             the highest sequence number written so far
 * @param maxSamplesPerSeries how many samples the store keeps per series, so a reader can trim the same way
 * @param series             changed series in {@link SeriesKey} order, each with only its changed samples
 */
public record SeriesUpdate(String epoch, long cursor, int maxSamplesPerSeries, List<Series> series) {

    public SeriesUpdate {
        series = List.copyOf(series);
    }
}
