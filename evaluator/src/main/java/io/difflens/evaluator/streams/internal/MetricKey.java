package io.difflens.evaluator.streams.internal;

/** What a metric is aggregated by; category null = the whole benchmark. */
public record MetricKey(String benchmark, String category, String bundleId, String adapterVersion, String metric) {

    /** The record key on the metrics topic. */
    public String topicKey() {
        return benchmark + "/" + (category == null ? "" : category) + "/" + metric;
    }
}
