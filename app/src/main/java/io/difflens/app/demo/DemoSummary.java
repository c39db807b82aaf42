package io.difflens.app.demo;

import java.util.Locale;

/**
 * The demo's result, printed as the last line of stdout with {@code --exit-when-done}.
 *
 * @param requests      requests published
 * @param answered      {@code OK} answers
 * @param rejected      {@code REJECTED} answers
 * @param failed        {@code FAILED} answers
 * @param accuracy      correct answers over requests
 * @param throughputRps answers per second, from the first request published to the last answer
 * @param p50Ms         median end-to-end latency of the {@code OK} answers
 * @param p99Ms         99th-percentile end-to-end latency
 */
public record DemoSummary(int requests, int answered, int rejected, int failed, double accuracy,
                          double throughputRps, double p50Ms, double p99Ms) {

    /** One JSON object on one line, keys in a fixed order. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"requests\":%d,\"answered\":%d,\"rejected\":%d,\"failed\":%d,\"accuracy\":%.4f,"
                        + "\"throughput_rps\":%.2f,\"p50_ms\":%.1f,\"p99_ms\":%.1f}",
                requests, answered, rejected, failed, accuracy, throughputRps, p50Ms, p99Ms);
    }
}
