package io.difflens.app.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.difflens.datasets.world.Answers;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.VqaAnswer;

/**
 * Counts answers against their expected short answers: how many came back in each status, how many were
 * right, and their end-to-end latencies. A repeated answer to the same request (which exactly-once
 * processing must prevent) is counted in {@link #duplicates()}, not twice. Thread-safe.
 */
public final class Tally {

    /** What one answer meant. */
    public record Scored(VqaAnswer answer, String expected, boolean correct, boolean duplicate) {
    }

    private final Map<String, String> expected;
    private final Set<String> seen = new HashSet<>();
    private final List<Double> latencies = new ArrayList<>();
    private int ok;
    private int rejected;
    private int failed;
    private int correct;
    private int duplicates;

    /** Expected answers by request id. */
    public Tally(Map<String, String> expected) {
        this.expected = Map.copyOf(expected);
    }

    /** Records {@code a}. */
    public synchronized Scored add(VqaAnswer a) {
        String want = expected.get(a.getRequestId());
        if (!seen.add(a.getRequestId())) {
            duplicates++;
            return new Scored(a, want, false, true);
        }
        boolean right = false;
        switch (a.getStatus()) {
            case OK -> {
                ok++;
                right = want != null && a.getText() != null && Answers.matches(a.getText(), want);
                if (right) {
                    correct++;
                }
                Double e2e = a.getTimings().get("end_to_end");
                if (e2e != null) {
                    latencies.add(e2e);
                }
            }
            case REJECTED -> rejected++;
            case FAILED -> failed++;
        }
        return new Scored(a, want, right, false);
    }

    /** Distinct requests answered in any status. */
    public synchronized int done() {
        return seen.size();
    }

    public synchronized int duplicates() {
        return duplicates;
    }

    /** The summary of {@code requests} requests over {@code seconds} of running. */
    public synchronized DemoSummary summary(int requests, double seconds) {
        List<Double> sorted = new ArrayList<>(latencies);
        sorted.sort(Double::compare);
        return new DemoSummary(requests, ok, rejected, failed, requests == 0 ? 0 : (double) correct / requests,
                seconds > 0 ? seen.size() / seconds : 0, percentile(sorted, 50), percentile(sorted, 99));
    }

    /** Running accuracy over the distinct answers so far. */
    public synchronized double runningAccuracy() {
        return seen.isEmpty() ? 0 : (double) correct / seen.size();
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Status counts, for tests. */
    public synchronized Map<AnswerStatus, Integer> counts() {
        Map<AnswerStatus, Integer> m = new HashMap<>();
        m.put(AnswerStatus.OK, ok);
        m.put(AnswerStatus.REJECTED, rejected);
        m.put(AnswerStatus.FAILED, failed);
        return m;
    }
}
