package io.difflens.evaluator.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MMVP scoring: questions come in pairs (rows 2k−1 and 2k of {@code Questions.csv}, 1-based, ask the
 * same question of two images that a CLIP encoder confuses) and a pair counts only if both of its
 * questions are answered correctly.
 */
public final class Mmvp {

    /**
     * One answered question.
     *
     * @param index   the 1-based row index of the question in {@code Questions.csv}
     * @param correct whether the model's answer was right
     */
    public record Answer(int index, boolean correct) {
        public Answer {
            if (index < 1) {
                throw new IllegalArgumentException("MMVP question index is 1-based, got " + index);
            }
        }

        /** The pair this question belongs to: 1 for questions 1 and 2, 2 for 3 and 4... */
        public int pair() {
            return (index + 1) / 2;
        }
    }

    /**
     * @param pairAccuracy     fraction of pairs with both questions right (the MMVP number)
     * @param questionAccuracy fraction of questions right
     * @param pairs            number of pairs
     */
    public record Result(double pairAccuracy, double questionAccuracy, int pairs) {
    }

    private Mmvp() {
    }

    /** Scores complete pairs; a question without its partner, or a repeated index, is an error. */
    public static Result score(List<Answer> answers) {
        Map<Integer, Answer> byIndex = new TreeMap<>();
        for (Answer a : answers) {
            if (byIndex.put(a.index(), a) != null) {
                throw new IllegalArgumentException("MMVP question " + a.index() + " is answered more than once");
            }
        }
        int pairs = 0;
        int pairsRight = 0;
        int questionsRight = 0;
        for (Answer a : byIndex.values()) {
            int partner = a.index() % 2 == 1 ? a.index() + 1 : a.index() - 1;
            Answer b = byIndex.get(partner);
            if (b == null) {
                throw new IllegalArgumentException("MMVP question " + a.index() + " has no answer for its pair partner "
                        + partner);
            }
            questionsRight += a.correct() ? 1 : 0;
            if (a.index() % 2 == 1) {
                pairs++;
                pairsRight += a.correct() && b.correct() ? 1 : 0;
            }
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("no MMVP answers to score");
        }
        return new Result(pairsRight / (double) pairs, questionsRight / (double) byIndex.size(), pairs);
    }
}
