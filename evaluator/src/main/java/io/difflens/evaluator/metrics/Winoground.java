package io.difflens.evaluator.metrics;

import java.util.List;

/**
 * Winoground's text, image and group scores (Thrush et al. 2022) with strict comparisons: a tie is
 * wrong.
 * <ul>
 *   <li>text: {@code s(c0,i0) > s(c1,i0)} and {@code s(c1,i1) > s(c0,i1)};</li>
 *   <li>image: {@code s(c0,i0) > s(c0,i1)} and {@code s(c1,i1) > s(c1,i0)};</li>
 *   <li>group: both.</li>
 * </ul>
 */
public final class Winoground {

    /** The four scores of one example: {@code cXiY} = score of caption X with image Y. */
    public record Example(String id, double c0i0, double c0i1, double c1i0, double c1i1) {
        public boolean textCorrect() {
            return c0i0 > c1i0 && c1i1 > c0i1;
        }

        public boolean imageCorrect() {
            return c0i0 > c0i1 && c1i1 > c1i0;
        }

        public boolean groupCorrect() {
            return textCorrect() && imageCorrect();
        }
    }

    /** Fractions of examples right, in [0, 1], and the number of examples. */
    public record Result(double text, double image, double group, int count) {
    }

    private Winoground() {
    }

    public static Result score(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no Winoground examples to score");
        }
        int text = 0;
        int image = 0;
        int group = 0;
        for (Example e : examples) {
            text += e.textCorrect() ? 1 : 0;
            image += e.imageCorrect() ? 1 : 0;
            group += e.groupCorrect() ? 1 : 0;
        }
        double n = examples.size();
        return new Result(text / n, image / n, group / n, examples.size());
    }
}
