package io.difflens.evaluator.streams;

import io.difflens.platform.topics.Topic;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.MetricSnapshot;
import io.difflens.schemas.VqaAnswer;
import java.time.Duration;
import java.util.Objects;

/**
 * What the evaluator's topology is built from. Every topic is keyed by a string.
 *
 * @param answers       {@code vqa.answers}, keyed by request id
 * @param itmScores     {@code itm.scores}, keyed by request id (Winoground, MMVP-VLM)
 * @param labels        {@code vqa.labels}, keyed by request id
 * @param metrics       {@code metrics}, keyed by "benchmark/category/metric"
 * @param joinRetention how long an answer waits for its label (and a label for its answer), and how
 *                      long a pair waits for its other member; later arrivals are not scored
 * @param window        size of the windowed metrics
 * @param advance       hop of the windowed metrics: equal to {@code window} for tumbling windows
 * @param grace         how late (in stream time) a record may still enter its window
 */
public record EvaluatorConfig(
        Topic<String, VqaAnswer> answers, Topic<String, ItmScores> itmScores, Topic<String, Label> labels, Topic<String, MetricSnapshot> metrics,
        Duration joinRetention, Duration window, Duration advance, Duration grace) {

    public EvaluatorConfig {
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(itmScores, "itmScores");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(metrics, "metrics");
        positive("joinRetention", joinRetention);
        positive("window", window);
        positive("advance", advance);
        if (advance.compareTo(window) > 0) {
            throw new IllegalArgumentException("advance " + advance + " must not exceed window " + window);
        }
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
    }

    /** Tumbling windows of {@code window}. */
    public static EvaluatorConfig tumbling(Topic<String, VqaAnswer> answers, Topic<String, ItmScores> itmScores, Topic<String, Label> labels,
            Topic<String, MetricSnapshot> metrics, Duration joinRetention, Duration window, Duration grace) {
        return new EvaluatorConfig(answers, itmScores, labels, metrics, joinRetention, window, window, grace);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
