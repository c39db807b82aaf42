package io.difflens.evaluator.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Bounded, thread-safe, in-memory store of metric time series, the dashboard's data.
 *
 * <p>Points are upserted by series and window: a window whose aggregate is republished replaces its earlier
 * value (and gets a new sequence number, so incremental readers see the change). Each series keeps at most
 * {@code maxSamplesPerSeries} windows (the latest ones, by window end); at most {@code maxSeries} series are
 * kept, and a new series beyond that evicts the one that was written least recently.
 *
 * <p>All methods synchronise on the store: writes come from one consumer thread at the rate metrics are
 * published (a few per second to a few hundred), reads once a second per open page, so a single lock is
 * simpler than anything finer and is not a bottleneck.
 */
public final class MetricSeriesStore implements MetricSource {

    /** Default bound on series: every category × metric × version of a few benchmarks. */
    public static final int DEFAULT_MAX_SERIES = 500;
    /** Default bound on windows per series: a day of one-minute windows. */
    public static final int DEFAULT_MAX_SAMPLES_PER_SERIES = 1_440;

    private static final Comparator<Window> WINDOW_ORDER =
            Comparator.comparingLong(Window::end).thenComparingLong(Window::start);

    private final int maxSeries;
    private final int maxSamplesPerSeries;
    private final String epoch = UUID.randomUUID().toString();
    // Insertion order = order of last write (entries are re-inserted on write): the first is the eviction victim.
    private final LinkedHashMap<SeriesKey, Samples> series = new LinkedHashMap<>();
    private long seq;

    private record Window(long start, long end) {
    }

    /** One series' windows, and the sequence number of its last write (lets readers skip unchanged series). */
    private static final class Samples {
        final NavigableMap<Window, Sample> byWindow = new TreeMap<>(WINDOW_ORDER);
        long lastSeq;
    }

    /** A store with the default bounds. */
    public MetricSeriesStore() {
        this(DEFAULT_MAX_SERIES, DEFAULT_MAX_SAMPLES_PER_SERIES);
    }

    /**
     * @param maxSeries           most series kept; positive
     * @param maxSamplesPerSeries most windows kept per series; positive
     */
    public MetricSeriesStore(int maxSeries, int maxSamplesPerSeries) {
        if (maxSeries <= 0 || maxSamplesPerSeries <= 0) {
            throw new IllegalArgumentException("maxSeries and maxSamplesPerSeries must be positive, got "
                    + maxSeries + " and " + maxSamplesPerSeries);
        }
        this.maxSeries = maxSeries;
        this.maxSamplesPerSeries = maxSamplesPerSeries;
    }

    /** Adds or replaces the value of {@code point}'s series over {@code point}'s window. */
    public synchronized void add(MetricPoint point) {
        Samples samples = series.remove(point.key());
        if (samples == null) {
            samples = new Samples();
            if (series.size() >= maxSeries) {
                Iterator<SeriesKey> oldest = series.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        series.put(point.key(), samples);
        Window window = new Window(point.windowStart(), point.windowEnd());
        samples.lastSeq = ++seq;
        samples.byWindow.put(window, new Sample(point.windowStart(), point.windowEnd(), point.value(), point.count(), seq));
        while (samples.byWindow.size() > maxSamplesPerSeries) {
            samples.byWindow.pollFirstEntry();
        }
    }

    /** Adds every point, in order. */
    public void addAll(Iterable<MetricPoint> points) {
        for (MetricPoint point : points) {
            add(point);
        }
    }

    @Override
    public synchronized SeriesUpdate since(long cursor) {
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must not be negative, got " + cursor);
        }
        List<Series> changed = new ArrayList<>();
        for (Map.Entry<SeriesKey, Samples> entry : series.entrySet()) {
            if (entry.getValue().lastSeq <= cursor) {
                continue;
            }
            List<Sample> samples = new ArrayList<>();
            for (Sample sample : entry.getValue().byWindow.values()) {
                if (sample.seq() > cursor) {
                    samples.add(sample);
                }
            }
            if (!samples.isEmpty()) {
                changed.add(new Series(entry.getKey(), samples));
            }
        }
        changed.sort(Comparator.comparing(Series::key));
        return new SeriesUpdate(epoch, seq, maxSamplesPerSeries, changed);
    }

    /** Every series with every sample held, in {@link SeriesKey} order. */
    public SeriesUpdate all() {
        return since(0);
    }

    /** Number of series held. */
    public synchronized int seriesCount() {
        return series.size();
    }
}
