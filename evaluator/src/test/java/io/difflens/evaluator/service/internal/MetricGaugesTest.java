package io.difflens.evaluator.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.evaluator.dashboard.MetricPoint;
import io.difflens.evaluator.dashboard.MetricSeriesStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricGaugesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricSeriesStore store = new MetricSeriesStore();
    private final MetricGauges gauges = new MetricGauges(registry, store);

    private double value(String category, String metric, String adapter) {
        Gauge g = registry.find(MetricGauges.VALUE).tag("benchmark", "mmvp").tag("category", category)
                .tag("metric", metric).tag("bundle", "tiny").tag("adapter", adapter).gauge();
        assertThat(g).as("gauge %s/%s/%s", category, metric, adapter).isNotNull();
        return g.value();
    }

    private double count(String category, String metric, String adapter) {
        return registry.find(MetricGauges.COUNT).tag("category", category).tag("metric", metric)
                .tag("adapter", adapter).gauge().value();
    }

    @Test
    void oneGaugePerSeriesWithTheLatestWindowsValue() {
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.25, 4, 0, 60_000));
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.75, 8, 60_000, 120_000));
        store.add(MetricPoint.of("mmvp", null, "accuracy", "tiny", null, 0.5, 2, 0, 60_000));
        gauges.refresh();

        assertThat(gauges.size()).isEqualTo(2);
        assertThat(value("Color", "accuracy", "v1")).isEqualTo(0.75);
        assertThat(count("Color", "accuracy", "v1")).isEqualTo(8);
        // absent category and adapter are empty tags
        assertThat(value("", "accuracy", "")).isEqualTo(0.5);
    }

    @Test
    void laterRefreshesSeeNewWindowsButNotLateRepublicationsOfOlderOnes() {
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.25, 4, 0, 60_000));
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.75, 8, 60_000, 120_000));
        gauges.refresh();
        // a late record updates the first window again: the gauge keeps the newer window's value
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.4, 5, 0, 60_000));
        gauges.refresh();
        assertThat(value("Color", "accuracy", "v1")).isEqualTo(0.75);
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 1.0, 1, 120_000, 180_000));
        gauges.refresh();
        assertThat(value("Color", "accuracy", "v1")).isEqualTo(1.0);
        assertThat(count("Color", "accuracy", "v1")).isEqualTo(1);
        assertThat(gauges.size()).isEqualTo(1);
    }

    @Test
    void aSourceRestartedWithANewEpochIsReadFromTheStart() {
        MetricSeriesStore[] current = {store};
        MetricGauges switching = new MetricGauges(registry, cursor -> current[0].since(cursor));
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.25, 4, 0, 60_000));
        store.add(MetricPoint.of("mmvp", "Color", "accuracy", "tiny", "v1", 0.5, 4, 60_000, 120_000));
        switching.refresh();
        MetricSeriesStore restarted = new MetricSeriesStore();
        restarted.add(MetricPoint.of("mmvp", "State", "accuracy", "tiny", "v1", 0.125, 8, 0, 60_000));
        current[0] = restarted;
        switching.refresh();
        assertThat(value("State", "accuracy", "v1")).isEqualTo(0.125);
    }
}
