package io.difflens.evaluator.dashboard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.dashboard.Sample;
import io.difflens.evaluator.dashboard.Series;
import io.difflens.evaluator.dashboard.SeriesKey;
import io.difflens.evaluator.dashboard.SeriesUpdate;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code GET /api/metrics}: series grouped by benchmark, each series named by its
 * category, metric and model version. The shapes below are the wire format the page reads; they are
 * records so that the format is visible in one place.
 */
public final class MetricsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Body(String epoch, long cursor, long pollMillis, int maxSamplesPerSeries, List<Benchmark> benchmarks) {
    }

    record Benchmark(String name, List<SeriesJson> series) {
    }

    record SeriesJson(String id, String category, String metric, String bundleId, String adapterVersion,
            String version, List<SampleJson> samples) {
    }

    /** One sample; {@code t} is the window end (what the chart plots against). */
    record SampleJson(long t, long windowStart, double value, long count, long seq) {
    }

    private MetricsJson() {
    }

    /** Encodes {@code update} as the API body (UTF-8 JSON). */
    public static byte[] encode(SeriesUpdate update, Duration pollInterval) {
        Map<String, List<SeriesJson>> byBenchmark = new LinkedHashMap<>();
        for (Series series : update.series()) {
            SeriesKey key = series.key();
            List<SampleJson> samples = new ArrayList<>(series.samples().size());
            for (Sample s : series.samples()) {
                samples.add(new SampleJson(s.windowEnd(), s.windowStart(), s.value(), s.count(), s.seq()));
            }
            byBenchmark.computeIfAbsent(key.benchmark(), b -> new ArrayList<>())
                    .add(new SeriesJson(key.id(), key.category(), key.metric(), key.bundleId(),
                            key.adapterVersion(), key.versionLabel(), samples));
        }
        List<Benchmark> benchmarks = new ArrayList<>(byBenchmark.size());
        byBenchmark.forEach((name, series) -> benchmarks.add(new Benchmark(name, series)));
        Body body = new Body(update.epoch(), update.cursor(), pollInterval.toMillis(), update.maxSamplesPerSeries(),
                benchmarks);
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode metrics as JSON", e);
        }
    }
}
