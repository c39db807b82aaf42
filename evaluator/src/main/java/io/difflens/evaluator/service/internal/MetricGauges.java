package io.difflens.evaluator.service.internal;

import io.difflens.evaluator.dashboard.MetricSource;
import io.difflens.evaluator.dashboard.Sample;
import io.difflens.evaluator.dashboard.Series;
import io.difflens.evaluator.dashboard.SeriesKey;
import io.difflens.evaluator.dashboard.SeriesUpdate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The latest value of every metric series as Micrometer gauges, one per benchmark × category × metric ×
 * bundle × adapter version:
 * <ul>
 *   <li>{@code difflens.evaluator.metric} — the value of the series' latest window;</li>
 *   <li>{@code difflens.evaluator.metric.count} — the number of items scored behind it.</li>
 * </ul>
 * Tags {@code benchmark}, {@code category}, {@code metric}, {@code bundle}, {@code adapter}; an absent part
 * (the whole benchmark, a mixed bundle, no adapter) is the empty string. Cumulative and windowed values are
 * distinct series ({@code accuracy} and {@code accuracy_1m}, see {@link DashboardSnapshots}).
 *
 * <p>{@link #refresh()} reads what changed in the source since the last call; the service calls it before
 * every scrape, so the gauges are as fresh as the dashboard without a thread of their own.
 */
public final class MetricGauges {
    public static final String VALUE = "difflens.evaluator.metric";
    public static final String COUNT = "difflens.evaluator.metric.count";

    /** Latest sample of one series; read by the gauges at scrape time. */
    private static final class Latest {
        volatile double value = Double.NaN;
        volatile double count = Double.NaN;
        long windowEnd = Long.MIN_VALUE;
    }

    private final MeterRegistry registry;
    private final MetricSource source;
    private final Map<SeriesKey, Latest> latest = new HashMap<>();
    private String epoch;
    private long cursor;

    public MetricGauges(MeterRegistry registry, MetricSource source) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Brings every gauge up to date with the source. */
    public synchronized void refresh() {
        SeriesUpdate update = source.since(cursor);
        if (!update.epoch().equals(epoch) && epoch != null) {
            // a new store instance: its cursors mean nothing to us, read it all again
            update = source.since(0);
        }
        epoch = update.epoch();
        cursor = update.cursor();
        for (Series s : update.series()) {
            Latest l = latest.computeIfAbsent(s.key(), this::register);
            for (Sample sample : s.samples()) {
                // a late re-publication of an older window must not replace a newer window's value
                if (sample.windowEnd() >= l.windowEnd) {
                    l.windowEnd = sample.windowEnd();
                    l.value = sample.value();
                    l.count = sample.count();
                }
            }
        }
    }

    /** Number of series with gauges. */
    public synchronized int size() {
        return latest.size();
    }

    private Latest register(SeriesKey key) {
        Latest l = new Latest();
        Tags tags = Tags.of("benchmark", key.benchmark(), "category", orEmpty(key.category()), "metric", key.metric(),
                "bundle", orEmpty(key.bundleId()), "adapter", orEmpty(key.adapterVersion()));
        Gauge.builder(VALUE, l, x -> x.value).description("latest value of an evaluation metric").tags(tags)
                .strongReference(true).register(registry);
        Gauge.builder(COUNT, l, x -> x.count).description("items scored behind the latest value").tags(tags)
                .strongReference(true).register(registry);
        return l;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
