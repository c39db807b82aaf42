package io.difflens.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricSeriesStoreTest {

    private static final SeriesKey A = new SeriesKey("mmvp", null, "pair_accuracy", "tiny", "v1");
    private static final SeriesKey B = new SeriesKey("blink", "counting", "accuracy", "tiny", null);
    private static final SeriesKey C = new SeriesKey("blink", "depth", "accuracy", "tiny", null);

    private static MetricPoint at(SeriesKey key, long end, double value) {
        return new MetricPoint(key, value, 10, end - 60, end);
    }

    @Test
    void serves_every_sample_in_window_order_with_increasing_sequence_numbers() {
        MetricSeriesStore store = new MetricSeriesStore();
        store.add(at(A, 300, 0.3));
        store.add(at(A, 100, 0.1));
        store.add(at(B, 200, 0.2));

        SeriesUpdate all = store.all();

        assertThat(all.cursor()).isEqualTo(3);
        assertThat(all.series()).extracting(Series::key).containsExactly(B, A); // blink < mmvp
        Series a = all.series().get(1);
        assertThat(a.samples()).extracting(Sample::windowEnd).containsExactly(100L, 300L);
        assertThat(a.samples()).extracting(Sample::seq).containsExactly(2L, 1L);
        assertThat(a.latest().value()).isEqualTo(0.3);
    }

    @Test
    void a_republished_window_replaces_its_value_and_is_served_again_after_the_old_cursor() {
        MetricSeriesStore store = new MetricSeriesStore();
        store.add(at(A, 100, 0.5));
        store.add(at(B, 100, 0.7));
        long cursor = store.all().cursor();

        store.add(new MetricPoint(A, 0.75, 20, 40, 100)); // same window, more answers scored

        SeriesUpdate update = store.since(cursor);
        assertThat(update.series()).hasSize(1);
        assertThat(update.series().get(0).key()).isEqualTo(A);
        assertThat(update.series().get(0).samples()).containsExactly(new Sample(40, 100, 0.75, 20, 3));
        assertThat(store.all().series().get(1).samples()).hasSize(1);
        assertThat(store.since(update.cursor()).series()).isEmpty();
    }

    @Test
    void windows_with_the_same_end_but_different_starts_are_distinct_samples() {
        MetricSeriesStore store = new MetricSeriesStore();
        store.add(new MetricPoint(A, 0.5, 1, 0, 100));   // cumulative
        store.add(new MetricPoint(A, 0.6, 1, 40, 100));  // tumbling

        assertThat(store.all().series().get(0).samples()).extracting(Sample::windowStart).containsExactly(0L, 40L);
    }

    @Test
    void keeps_only_the_latest_windows_of_a_series() {
        MetricSeriesStore store = new MetricSeriesStore(10, 3);
        for (long end : new long[] {500, 100, 400, 200, 300}) {
            store.add(at(A, end, end / 1000.0));
        }
        assertThat(store.all().series().get(0).samples()).extracting(Sample::windowEnd).containsExactly(300L, 400L, 500L);
        assertThat(store.all().maxSamplesPerSeries()).isEqualTo(3);

        store.add(at(A, 50, 0.05)); // older than everything kept: kept only to be dropped at once
        assertThat(store.all().series().get(0).samples()).extracting(Sample::windowEnd).containsExactly(300L, 400L, 500L);
    }

    @Test
    void a_new_series_beyond_the_bound_evicts_the_least_recently_written_one() {
        MetricSeriesStore store = new MetricSeriesStore(2, 10);
        store.add(at(A, 100, 0.1));
        store.add(at(B, 100, 0.2));
        store.add(at(A, 200, 0.3)); // A is now the most recently written

        store.add(at(C, 100, 0.4));

        assertThat(store.seriesCount()).isEqualTo(2);
        assertThat(store.all().series()).extracting(Series::key).containsExactlyInAnyOrder(A, C);
    }

    @Test
    void rejects_bad_bounds_and_cursors_naming_the_values() {
        assertThatThrownBy(() -> new MetricSeriesStore(0, 5)).hasMessageContaining("got 0 and 5");
        assertThatThrownBy(() -> new MetricSeriesStore().since(-1)).hasMessageContaining("got -1");
    }

    @Test
    void the_epoch_identifies_the_store_instance() {
        MetricSeriesStore one = new MetricSeriesStore();
        assertThat(one.all().epoch()).isEqualTo(one.since(5).epoch()).isNotEqualTo(new MetricSeriesStore().all().epoch());
    }

    @Test
    void concurrent_writers_and_readers_lose_no_write() throws Exception {
        MetricSeriesStore store = new MetricSeriesStore(100, 10_000);
        int writers = 4;
        int perWriter = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SeriesKey key = new SeriesKey("bench", "w" + w, "accuracy", "tiny", null);
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perWriter; i++) {
                        store.add(new MetricPoint(key, i, 1, i, i + 1));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                long cursor = 0;
                // Readers see a consistent view: every served sample is newer than the cursor asked with.
                for (int i = 0; i < 200; i++) {
                    SeriesUpdate update = store.since(cursor);
                    for (Series s : update.series()) {
                        assertThat(s.samples()).allSatisfy(sample -> assertThat(sample.seq()).isGreaterThan(0));
                    }
                    long asked = cursor;
                    update.series().forEach(s -> s.samples().forEach(x -> assertThat(x.seq()).isGreaterThan(asked)));
                    cursor = update.cursor();
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        SeriesUpdate all = store.all();
        assertThat(all.cursor()).isEqualTo((long) writers * perWriter);
        assertThat(all.series()).hasSize(writers).allSatisfy(s -> assertThat(s.samples()).hasSize(perWriter));
    }
}
