package io.difflens.evaluator.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.evaluator.streams.EvaluatorTopology;
import io.difflens.schemas.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DashboardSnapshotsTest {
    private static final Instant READ_AT = Instant.parse("2026-11-26T10:00:00.250Z");
    private final DashboardSnapshots adapter = new DashboardSnapshots((topic, data) -> null,
            Clock.fixed(READ_AT, ZoneOffset.UTC));

    private static MetricSnapshot snapshot(Instant start, Instant end) {
        return MetricSnapshot.newBuilder().setBenchmark("mmvp").setCategory(null).setMetric("pair_accuracy")
                .setValue(0.5).setCount(4).setWindowStart(start).setWindowEnd(end).setBundleId("tiny")
                .setAdapterVersion(null).build();
    }

    @Test
    void cumulativeSnapshotEndsAtTheReadTimeRoundedUpToTheSecondAndKeepsItsName() {
        MetricSnapshot s = adapter.adapt(snapshot(Instant.EPOCH, EvaluatorTopology.FOREVER));
        assertThat(s.getWindowEnd()).isEqualTo(Instant.parse("2026-11-26T10:00:01Z"));
        assertThat(s.getWindowStart()).isEqualTo(Instant.EPOCH);
        assertThat(s.getMetric()).isEqualTo("pair_accuracy");
        assertThat(s.getValue()).isEqualTo(0.5);
        assertThat(s.getCount()).isEqualTo(4);
    }

    @Test
    void windowedSnapshotIsRenamedAfterItsWindowSizeAndKeepsItsWindow() {
        Instant start = Instant.parse("2026-11-26T09:00:00Z");
        MetricSnapshot s = adapter.adapt(snapshot(start, start.plus(Duration.ofMinutes(5))));
        assertThat(s.getMetric()).isEqualTo("pair_accuracy_5m");
        assertThat(s.getWindowStart()).isEqualTo(start);
        assertThat(s.getWindowEnd()).isEqualTo(start.plus(Duration.ofMinutes(5)));
    }

    @Test
    void windowLabelsUseTheLargestWholeUnit() {
        assertThat(DashboardSnapshots.label(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DashboardSnapshots.label(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DashboardSnapshots.label(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(DashboardSnapshots.label(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void tombstoneStaysNull() {
        assertThat(adapter.adapt(null)).isNull();
    }

    @Test
    void theOriginalSnapshotIsNotChanged() {
        MetricSnapshot original = snapshot(Instant.EPOCH, EvaluatorTopology.FOREVER);
        adapter.adapt(original);
        assertThat(original.getWindowEnd()).isEqualTo(EvaluatorTopology.FOREVER);
    }
}
