package io.difflens.evaluator.dashboard;

/** Where the dashboard reads metric series from; {@link MetricSeriesStore} is the implementation. */
@FunctionalInterface
public interface MetricSource {

    /**
     * Samples written after {@code cursor} (a {@link SeriesUpdate#cursor()} from an earlier call, or 0 for
     * everything still held).
     *
     * @throws IllegalArgumentException when {@code cursor} is negative
     */
    SeriesUpdate since(long cursor);
}
