package io.difflens.evaluator.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric points as an evaluator would publish them: one-minute tumbling windows for three benchmarks, two
 * model versions on MMVP. Values are accuracies {@code correct / 80}, so each has at most four decimals and
 * reads the same in Java's and JavaScript's formatting.
 */
final class DashboardFixtures {

    static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final int WINDOWS = 12;

    static final SeriesKey MMVP_V1 = new SeriesKey("mmvp", null, "pair_accuracy", "tiny-sdxl", "v1");
    static final SeriesKey MMVP_V2 = new SeriesKey("mmvp", null, "pair_accuracy", "tiny-sdxl", "v2");
    static final SeriesKey BLINK_COUNTING = new SeriesKey("blink", "counting", "accuracy", "tiny-sdxl", "v1");
    static final SeriesKey BLINK_DEPTH = new SeriesKey("blink", "relative_depth", "accuracy", "tiny-sdxl", "v1");
    static final SeriesKey COCO_CIDER = new SeriesKey("coco", null, "CIDEr", "tiny-sdxl", null);

    static final List<SeriesKey> KEYS = List.of(MMVP_V1, MMVP_V2, BLINK_COUNTING, BLINK_DEPTH, COCO_CIDER);

    private DashboardFixtures() {
    }

    /** Number of correct answers out of 80 in window {@code w} of series {@code s}: a deterministic walk. */
    static int correct(int s, int w) {
        return 40 + (7 * s + 5 * w) % 31;
    }

    static MetricPoint point(SeriesKey key, int window, double value, long count) {
        long start = T0 + window * MINUTE;
        return new MetricPoint(key, value, count, start, start + MINUTE);
    }

    /** Every series over {@link #WINDOWS} windows; MMVP v2 starts half-way (the adapter was released then). */
    static List<MetricPoint> history() {
        List<MetricPoint> points = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int s = 0; s < KEYS.size(); s++) {
                SeriesKey key = KEYS.get(s);
                if (key.equals(MMVP_V2) && w < WINDOWS / 2) {
                    continue;
                }
                double value = key.equals(COCO_CIDER) ? correct(s, w) / 80.0 * 1.25 : correct(s, w) / 80.0;
                points.add(point(key, w, value, 80));
            }
        }
        return points;
    }

    /** The latest value {@link #history()} gives {@code key}. */
    static double latest(SeriesKey key) {
        double value = correct(KEYS.indexOf(key), WINDOWS - 1) / 80.0;
        return key.equals(COCO_CIDER) ? value * 1.25 : value;
    }
}
