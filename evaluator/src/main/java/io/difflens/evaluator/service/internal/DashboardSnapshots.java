package io.difflens.evaluator.service.internal;

import io.difflens.evaluator.streams.EvaluatorTopology;
import io.difflens.schemas.MetricSnapshot;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Adapts the topology's snapshots to what the dashboard's store expects, as the dashboard's feed reads them.
 *
 * <p>The topology publishes a cumulative value as the window [epoch, {@link EvaluatorTopology#FOREVER}) and
 * windowed values under the same metric name; the store plots a sample at its window end and keeps one line
 * per metric name (DASHBOARD.md asks publishers for distinct names). So:
 * <ul>
 *   <li>a cumulative snapshot keeps its metric name and ends when it was read, rounded up to the second (one
 *       point per second at most: re-publications within a second replace each other in the store);</li>
 *   <li>a windowed snapshot is renamed {@code <metric>_<window size>}, e.g. {@code accuracy_1m}.</li>
 * </ul>
 * The read time is used because a deserializer does not see the record's timestamp; a restarted evaluator
 * therefore plots the history it replays at the time of the replay.
 */
public final class DashboardSnapshots implements Deserializer<MetricSnapshot> {
    private static final long RESOLUTION_MS = 1_000;

    private final Deserializer<MetricSnapshot> delegate;
    private final Clock clock;

    public DashboardSnapshots(Deserializer<MetricSnapshot> delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public MetricSnapshot deserialize(String topic, byte[] data) {
        return adapt(delegate.deserialize(topic, data));
    }

    @Override
    public MetricSnapshot deserialize(String topic, Headers headers, byte[] data) {
        return adapt(delegate.deserialize(topic, headers, data));
    }

    @Override
    public MetricSnapshot deserialize(String topic, Headers headers, ByteBuffer data) {
        return adapt(delegate.deserialize(topic, headers, data));
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The snapshot as the store should hold it; {@code null} (a tombstone) stays {@code null}. */
    public MetricSnapshot adapt(MetricSnapshot s) {
        if (s == null || s.getWindowStart() == null || s.getWindowEnd() == null) {
            return s;
        }
        MetricSnapshot copy = MetricSnapshot.newBuilder(s).build();
        if (isCumulative(s)) {
            long now = clock.millis();
            long rounded = Math.floorDiv(now + RESOLUTION_MS - 1, RESOLUTION_MS) * RESOLUTION_MS;
            copy.setWindowEnd(Instant.ofEpochMilli(rounded));
        } else {
            copy.setMetric(s.getMetric() + "_" + label(Duration.between(s.getWindowStart(), s.getWindowEnd())));
        }
        return copy;
    }

    /** Whether {@code s} is the topology's cumulative value (window [epoch, forever)). */
    public static boolean isCumulative(MetricSnapshot s) {
        return EvaluatorTopology.FOREVER.equals(s.getWindowEnd());
    }

    /** A window size as a short label: {@code 1h}, {@code 5m}, {@code 30s}, {@code 250ms}. */
    public static String label(Duration size) {
        long ms = size.toMillis();
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms > 0 && ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
