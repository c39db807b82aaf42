package io.difflens.evaluator.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of one metric time series on the dashboard: one metric of one benchmark category, produced by
 * one model version.
 *
 * @param benchmark      benchmark name, e.g. {@code mmvp}; never blank
 * @param category       sub-task or pattern, or {@code null} for the whole benchmark
 * @param metric         metric name, e.g. {@code pair_accuracy}; never blank
 * @param bundleId       model bundle the answers came from, or {@code null} when mixed
 * @param adapterVersion LoRA adapter version, or {@code null} for none or mixed
 */
public record SeriesKey(String benchmark, String category, String metric, String bundleId, String adapterVersion)
        implements Comparable<SeriesKey> {

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::benchmark)
            .thenComparing(SeriesKey::category, NULLS_FIRST)
            .thenComparing(SeriesKey::metric)
            .thenComparing(SeriesKey::bundleId, NULLS_FIRST)
            .thenComparing(SeriesKey::adapterVersion, NULLS_FIRST);

    public SeriesKey {
        requireNonBlank("benchmark", benchmark);
        requireNonBlank("metric", metric);
    }

    /**
     * A stable id for this series, safe in HTML attributes and URLs (used by the page's {@code data-series}
     * attributes). Each part is URL-encoded (which never yields {@code ~} or {@code !}), absent parts are
     * {@code !}, and parts are joined with {@code ~}, so distinct keys give distinct ids.
     */
    public String id() {
        StringBuilder id = new StringBuilder();
        for (String part : new String[] {benchmark, category, metric, bundleId, adapterVersion}) {
            if (id.length() > 0) {
                id.append('~');
            }
            id.append(part == null ? "!" : URLEncoder.encode(part, StandardCharsets.UTF_8));
        }
        return id.toString();
    }

    /** The model version as shown to a reader: {@code bundle@adapter}, {@code bundle}, or {@code mixed}. */
    public String versionLabel() {
        String bundle = bundleId == null ? "mixed" : bundleId;
        return adapterVersion == null ? bundle : bundle + "@" + adapterVersion;
    }

    @Override
    public int compareTo(SeriesKey other) {
        return ORDER.compare(this, other);
    }

    static void requireNonBlank(String name, String value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
        }
    }
}
