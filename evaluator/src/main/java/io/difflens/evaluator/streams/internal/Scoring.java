package io.difflens.evaluator.streams.internal;

import io.difflens.evaluator.metrics.MmvpVlm;
import io.difflens.evaluator.metrics.MultipleChoice;
import io.difflens.evaluator.metrics.VqaAccuracy;
import io.difflens.evaluator.metrics.Winoground;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.Label;
import io.difflens.schemas.VqaAnswer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Turns one answer and its label into metric observations, by what the label carries. */
public final class Scoring {

    /** How a label is scored. */
    public enum Kind {
        /** choices and a correct choice: option extraction, accuracy (pairs: pair accuracy too) */
        MULTIPLE_CHOICE,
        /** reference answers: VQA soft accuracy and exact match */
        OPEN_ENDED,
        /** reference captions: corpus metrics, not scored per answer in this topology yet */
        CAPTION,
        /** nothing to score against */
        NONE;

        public static Kind of(Label l) {
            if (!l.getChoices().isEmpty() && l.getCorrectChoice() != null) {
                return MULTIPLE_CHOICE;
            }
            if (!l.getReferenceAnswers().isEmpty()) {
                return OPEN_ENDED;
            }
            return l.getReferenceCaptions().isEmpty() ? NONE : CAPTION;
        }
    }

    /** Image-text matching benchmarks: one request scores a 2 x 2 matrix (images x texts). */
    public enum ItmBenchmark {
        /** text, image and group scores of one example (caption X with image Y) */
        WINOGROUND("winoground"),
        /** one pair of images and statements (statement k describes image k); label category = pattern */
        MMVP_VLM("mmvp-vlm");

        private final String labelName;

        ItmBenchmark(String labelName) {
            this.labelName = labelName;
        }

        public static Optional<ItmBenchmark> of(String benchmark) {
            return Arrays.stream(values()).filter(b -> b.labelName.equalsIgnoreCase(benchmark)).findFirst();
        }
    }

    public static final String ACCURACY = "accuracy";
    public static final String TEXT_SCORE = "text_score";
    public static final String IMAGE_SCORE = "image_score";
    public static final String GROUP_SCORE = "group_score";
    public static final String PAIR_ACCURACY = "pair_accuracy";
    public static final String VQA_ACCURACY = "vqa_accuracy";
    public static final String EXACT_MATCH = "exact_match";

    private Scoring() {
    }

    public static List<Scored> score(VqaAnswer a, Label l) {
        String text = a.getText() == null ? "" : a.getText();
        return switch (Kind.of(l)) {
            case MULTIPLE_CHOICE -> {
                int correct = l.getCorrectChoice();
                if (correct < 0 || correct >= l.getChoices().size()) {
                    yield List.of();
                }
                boolean right = new MultipleChoice(text, l.getChoices(), correct).correct();
                yield List.of(item(a, l, ACCURACY, right ? 1 : 0));
            }
            case OPEN_ENDED -> List.of(
                    item(a, l, VQA_ACCURACY, VqaAccuracy.softAccuracy(text, l.getReferenceAnswers())),
                    item(a, l, EXACT_MATCH, VqaAccuracy.exactMatch(text, l.getReferenceAnswers()) ? 1 : 0));
            case CAPTION, NONE -> List.of();
        };
    }

    private static Scored item(VqaAnswer a, Label l, String metric, double value) {
        return new Scored(l.getRequestId(), l.getBenchmark(), l.getCategory(), a.getBundleId(), a.getAdapterVersion(),
                metric, value, l.getGroupId(), l.getMemberIndex());
    }

    /**
     * Scores an image-text matching result ({@code scores[i][j]} = image i with text j) against its
     * label. Only 2 x 2 matrices of a known benchmark are scored; anything else gives nothing.
     */
    public static List<Scored> scoreItm(ItmScores s, Label l) {
        Optional<ItmBenchmark> benchmark = ItmBenchmark.of(l.getBenchmark());
        List<List<Float>> m = s.getScores();
        if (benchmark.isEmpty() || m.size() != 2 || m.get(0).size() != 2 || m.get(1).size() != 2) {
            return List.of();
        }
        double i0t0 = m.get(0).get(0);
        double i0t1 = m.get(0).get(1);
        double i1t0 = m.get(1).get(0);
        double i1t1 = m.get(1).get(1);
        return switch (benchmark.get()) {
            case WINOGROUND -> {
                // caption X with image Y = scores[Y][X]
                Winoground.Example e = new Winoground.Example(l.getRequestId(), i0t0, i1t0, i0t1, i1t1);
                yield List.of(itm(s, l, TEXT_SCORE, e.textCorrect()), itm(s, l, IMAGE_SCORE, e.imageCorrect()),
                        itm(s, l, GROUP_SCORE, e.groupCorrect()));
            }
            case MMVP_VLM -> {
                String pattern = l.getCategory() == null ? "unknown" : l.getCategory();
                MmvpVlm.Pair p = new MmvpVlm.Pair(pattern, i0t0, i0t1, i1t0, i1t1);
                yield List.of(itm(s, l, PAIR_ACCURACY, p.correct()));
            }
        };
    }

    private static Scored itm(ItmScores s, Label l, String metric, boolean right) {
        return new Scored(l.getRequestId(), l.getBenchmark(), l.getCategory(), s.getBundleId(), s.getAdapterVersion(),
                metric, right ? 1 : 0, null, null);
    }
}
