package io.difflens.evaluator.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** BLINK scoring: accuracy per subtask, and the benchmark total as the macro average over subtasks. */
public final class Blink {

    /** One answered question of a subtask (e.g. "Art_Style"). */
    public record Answer(String subtask, boolean correct) {
        public Answer {
            if (subtask == null || subtask.isBlank()) {
                throw new IllegalArgumentException("a BLINK answer needs its subtask name");
            }
        }
    }

    /**
     * @param perSubtask   accuracy per subtask, by subtask name
     * @param macroAverage the unweighted mean of the per-subtask accuracies
     * @param count        number of questions
     */
    public record Result(Map<String, Double> perSubtask, double macroAverage, int count) {
        public Result {
            perSubtask = Collections.unmodifiableMap(new TreeMap<>(perSubtask));
        }
    }

    private Blink() {
    }

    public static Result score(List<Answer> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no BLINK answers to score");
        }
        Map<String, int[]> counts = new TreeMap<>();
        for (Answer a : answers) {
            int[] c = counts.computeIfAbsent(a.subtask(), k -> new int[2]);
            c[0] += a.correct() ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> per = new TreeMap<>();
        double sum = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            double acc = e.getValue()[0] / (double) e.getValue()[1];
            per.put(e.getKey(), acc);
            sum += acc;
        }
        return new Result(per, sum / per.size(), answers.size());
    }
}
