package io.difflens.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesKeyTest {

    @Test
    void ids_are_attribute_safe_and_distinct_for_distinct_keys() {
        SeriesKey a = new SeriesKey("b", "x y", "m", null, null);
        SeriesKey b = new SeriesKey("b", "x_y", "m", null, null);
        SeriesKey c = new SeriesKey("b", null, "m", "x", null);
        SeriesKey d = new SeriesKey("b", "\"><script>", "m", null, null);

        SeriesKey e = new SeriesKey("b", "!", "m", "~", null);

        assertThat(a.id()).isEqualTo("b~x+y~m~!~!");
        assertThat(b.id()).isEqualTo("b~x_y~m~!~!");
        assertThat(c.id()).isEqualTo("b~!~m~x~!");
        assertThat(e.id()).isEqualTo("b~%21~m~%7E~!");
        assertThat(d.id()).matches("[A-Za-z0-9_.*+%~!-]+");
    }

    @Test
    void version_label_names_bundle_and_adapter() {
        assertThat(new SeriesKey("b", null, "m", "tiny", "v2").versionLabel()).isEqualTo("tiny@v2");
        assertThat(new SeriesKey("b", null, "m", "tiny", null).versionLabel()).isEqualTo("tiny");
        assertThat(new SeriesKey("b", null, "m", null, null).versionLabel()).isEqualTo("mixed");
    }

    @Test
    void orders_by_benchmark_then_whole_benchmark_first_then_metric_then_version() {
        SeriesKey whole = new SeriesKey("blink", null, "accuracy", "tiny", null);
        SeriesKey counting = new SeriesKey("blink", "counting", "accuracy", "tiny", null);
        SeriesKey countingV2 = new SeriesKey("blink", "counting", "accuracy", "tiny", "v2");
        SeriesKey mmvp = new SeriesKey("mmvp", null, "accuracy", "tiny", null);
        assertThat(java.util.stream.Stream.of(mmvp, countingV2, counting, whole).sorted())
                .containsExactly(whole, counting, countingV2, mmvp);
    }

    @Test
    void validates_names_and_values() {
        assertThatThrownBy(() -> new SeriesKey(" ", null, "m", null, null)).hasMessageContaining("benchmark");
        assertThatThrownBy(() -> new SeriesKey("b", null, null, null, null)).hasMessageContaining("metric");
        SeriesKey key = new SeriesKey("b", null, "m", null, null);
        assertThatThrownBy(() -> new MetricPoint(key, Double.NaN, 1, 0, 1)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new MetricPoint(key, 0.5, -3, 0, 1)).hasMessageContaining("-3");
        assertThatThrownBy(() -> new MetricPoint(key, 0.5, 1, 10, 5)).hasMessageContaining("5").hasMessageContaining("10");
    }
}
