package io.difflens.evaluator.streams.internal;

import io.difflens.evaluator.metrics.MultipleChoice;
import io.difflens.evaluator.metrics.VqaAccuracy;
import io.difflens.schemas.Label;
import io.difflens.schemas.VqaAnswer;
import java.util.List;

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

    public static final String ACCURACY = "accuracy";
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
}
