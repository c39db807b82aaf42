package io.difflens.evaluator.streams.internal;

/**
 * One metric observation of one answer (or of one completed pair), before aggregation.
 *
 * @param groupId     pair or group id when the item belongs to one, else null
 * @param memberIndex position in the group, else null
 */
public record Scored(String requestId, String benchmark, String category, String bundleId, String adapterVersion,
        String metric, double value, String groupId, Integer memberIndex) {

    /** The aggregation key: one metric of one benchmark x category x bundle x adapter version. */
    public MetricKey key() {
        return new MetricKey(benchmark, category, bundleId, adapterVersion, metric);
    }

    public Scored withCategory(String c) {
        return new Scored(requestId, benchmark, c, bundleId, adapterVersion, metric, value, groupId, memberIndex);
    }
}
