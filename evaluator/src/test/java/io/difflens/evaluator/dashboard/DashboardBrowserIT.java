package io.difflens.evaluator.dashboard;

import static io.difflens.evaluator.dashboard.DashboardFixtures.BLINK_COUNTING;
import static io.difflens.evaluator.dashboard.DashboardFixtures.KEYS;
import static io.difflens.evaluator.dashboard.DashboardFixtures.MMVP_V2;
import static io.difflens.evaluator.dashboard.DashboardFixtures.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the dashboard in headless Chromium and reads what it rendered. Skipped (not failed) when no
 * Chromium is installed.
 */
class DashboardBrowserIT {

    /** Virtual time given to each page: enough for about fifteen one-second polls. */
    private static final int BUDGET_MS = 15_000;

    private static HeadlessChromium chromium;

    @BeforeAll
    static void findChromium() {
        chromium = HeadlessChromium.find().orElse(null);
    }

    @BeforeEach
    void requireChromium() {
        // In each test rather than once, so that every test is reported as skipped with this reason.
        assumeTrue(chromium != null, "Chromium not installed (apt-get install -y chromium, or -Ddifflens.chromium=PATH):"
                + " skipping the browser tests");
    }

    /**
     * A source that, the first time the page asks for changes after its first load, writes points that did
     * not exist at page load: a newer window for MMVP v2 and a series for a new adapter version. They can
     * only reach the page through its incremental polling.
     */
    private static final class LateArrivals implements MetricSource {
        final MetricSeriesStore store;
        final AtomicBoolean arrived = new AtomicBoolean();

        LateArrivals(MetricSeriesStore store) {
            this.store = store;
        }

        @Override
        public SeriesUpdate since(long cursor) {
            if (cursor > 0 && arrived.compareAndSet(false, true)) {
                store.add(DashboardFixtures.point(MMVP_V2, WINDOWS, 77 / 80.0, 80));
                store.add(DashboardFixtures.point(LATE_SERIES, WINDOWS, 66 / 80.0, 40));
            }
            return store.since(cursor);
        }
    }

    private static final SeriesKey LATE_SERIES = new SeriesKey("blink", "counting", "accuracy", "tiny-sdxl", "v3");

    @Test
    void chartsAndTableShowTheLatestValuesAndFollowLiveUpdates() throws Exception {
        MetricSeriesStore store = new MetricSeriesStore();
        store.addAll(DashboardFixtures.history());
        LateArrivals source = new LateArrivals(store);
        String dom;
        try (DashboardServer server = DashboardServer.start(source, DashboardConfig.localDefaults())) {
            dom = chromium.dumpDom(server.url(), BUDGET_MS);
            Path screenshot = Path.of("target", "dashboard.png");
            chromium.screenshot(server.url(), BUDGET_MS, screenshot, 1280, 900);
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        }
        assertThat(source.arrived).as("the page polled incrementally").isTrue();

        // One drawn uPlot chart per benchmark.
        assertThat(count(dom, "class=\"uplot")).isEqualTo(3);
        assertThat(dom).contains("data-benchmark=\"blink\"", "data-benchmark=\"coco\"", "data-benchmark=\"mmvp\"");
        Matcher drawn = Pattern.compile("data-drawn=\"(\\d+)\"").matcher(dom);
        int charts = 0;
        while (drawn.find()) {
            assertThat(Integer.parseInt(drawn.group(1))).isGreaterThanOrEqualTo(WINDOWS);
            charts++;
        }
        assertThat(charts).isEqualTo(3);

        // The table's latest value of every series, from history or from the late arrivals.
        for (SeriesKey key : KEYS) {
            double expected = key.equals(MMVP_V2) ? 77 / 80.0 : DashboardFixtures.latest(key);
            assertThat(tableValue(dom, key)).as("latest %s", key).isEqualTo(format(expected));
        }
        assertThat(tableValue(dom, LATE_SERIES)).isEqualTo(format(66 / 80.0));
        // Rows changed by an incremental poll are highlighted, the others not.
        assertThat(dom).contains("<tr data-series=\"" + LATE_SERIES.id() + "\" class=\"fresh\">",
                "<tr data-series=\"" + MMVP_V2.id() + "\" class=\"fresh\">",
                "<tr data-series=\"" + BLINK_COUNTING.id() + "\">");

        // The charts' legends show the latest values too (uPlot legend cells).
        assertThat(dom).contains("u-value\">" + format(77 / 80.0) + "<");
        assertThat(dom).contains("u-value\">" + format(DashboardFixtures.latest(BLINK_COUNTING)) + "<");
        assertThat(dom).contains("counting · accuracy · tiny-sdxl@v3");
        assertThat(dom).contains("data-state=\"live\"");
    }

    @Test
    void withATokenThePageReadsDataOnlyWhenItsUrlCarriesTheToken() throws Exception {
        MetricSeriesStore store = new MetricSeriesStore();
        store.addAll(DashboardFixtures.history());
        DashboardConfig config = DashboardConfig.localDefaults().withBearerToken("s3cret-token");
        try (DashboardServer server = DashboardServer.start(store, config)) {
            String withToken = chromium.dumpDom(server.url() + "#token=s3cret-token", 3_000);
            String without = chromium.dumpDom(server.url(), 3_000);

            assertThat(tableValue(withToken, BLINK_COUNTING)).isEqualTo(format(DashboardFixtures.latest(BLINK_COUNTING)));
            assertThat(without).contains("data-state=\"error\"").contains("HTTP 401").doesNotContain("class=\"uplot");
        }
    }

    @Test
    void a_benchmark_with_many_subtasks_and_versions_shows_every_series() throws Exception {
        MetricSeriesStore store = new MetricSeriesStore();
        List<SeriesKey> keys = new ArrayList<>();
        for (int task = 0; task < 14; task++) {
            for (String adapter : List.of("v1", "v2")) {
                SeriesKey key = new SeriesKey("blink", "subtask_" + task, "accuracy", "tiny-sdxl", adapter);
                keys.add(key);
                for (int w = 0; w < WINDOWS; w++) {
                    store.add(DashboardFixtures.point(key, w, DashboardFixtures.correct(keys.size(), w) / 80.0, 80));
                }
            }
        }
        String dom;
        try (DashboardServer server = DashboardServer.start(store, DashboardConfig.localDefaults())) {
            dom = chromium.dumpDom(server.url(), 3_000);
            chromium.screenshot(server.url(), 3_000, Path.of("target", "dashboard-many-series.png"), 1280, 900);
        }

        assertThat(count(dom, "class=\"uplot")).isEqualTo(1);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(tableValue(dom, keys.get(i))).isEqualTo(format(DashboardFixtures.correct(i + 1, WINDOWS - 1) / 80.0));
        }
        assertThat(count(dom, "class=\"u-value\"")).isEqualTo(keys.size() + 1); // + the time column
    }

    /**
     * An evaluator that restarts while the page is open: after the page's first load, the source switches to
     * a new store (a new epoch) that no longer has the MMVP series and has a new COCO value.
     */
    private static final class Restarting implements MetricSource {
        final MetricSeriesStore before = new MetricSeriesStore();
        final MetricSeriesStore after = new MetricSeriesStore();
        volatile boolean restarted;

        @Override
        public SeriesUpdate since(long cursor) {
            if (cursor > 0) {
                restarted = true;
            }
            return (restarted ? after : before).since(cursor);
        }
    }

    @Test
    void after_an_evaluator_restart_the_page_drops_what_it_held_and_reloads() throws Exception {
        Restarting source = new Restarting();
        source.before.addAll(DashboardFixtures.history());
        source.after.add(DashboardFixtures.point(DashboardFixtures.COCO_CIDER, 0, 1.375, 80));
        String dom;
        try (DashboardServer server = DashboardServer.start(source, DashboardConfig.localDefaults())) {
            dom = chromium.dumpDom(server.url(), 5_000);
        }

        assertThat(source.restarted).as("the page polled after its first load").isTrue();
        assertThat(tableValue(dom, DashboardFixtures.COCO_CIDER)).isEqualTo(format(1.375));
        assertThat(dom).doesNotContain("data-series=\"" + MMVP_V2.id() + "\"", "data-benchmark=\"mmvp\"");
        assertThat(count(dom, "class=\"uplot")).isEqualTo(1);
    }

    private static String tableValue(String dom, SeriesKey key) {
        Matcher m = Pattern.compile("<td class=\"num value\" data-series=\"" + Pattern.quote(key.id())
                + "\" data-value=\"[^\"]*\">([^<]*)</td>").matcher(dom);
        return m.find() ? m.group(1) : "(no table cell for " + key.id() + ")";
    }

    /** The page's formatting of values in [1e-3, 1e5): four decimals. */
    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
