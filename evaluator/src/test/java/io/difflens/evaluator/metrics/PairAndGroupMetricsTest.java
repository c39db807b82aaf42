package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MMVP, MMVP-VLM, Winoground and BLINK on small constructed sets; expected fractions counted by hand. */
class PairAndGroupMetricsTest {

    @Test
    void mmvpCountsAPairOnlyWhenBothQuestionsAreRight() {
        // pairs (1,2): both right; (3,4): one right; (5,6): none. Pairs 1/3, questions 3/6.
        Mmvp.Result r = Mmvp.score(List.of(new Mmvp.Answer(1, true), new Mmvp.Answer(2, true),
                new Mmvp.Answer(3, true), new Mmvp.Answer(4, false), new Mmvp.Answer(6, false),
                new Mmvp.Answer(5, false)));
        assertThat(r.pairAccuracy()).isEqualTo(1 / 3.0);
        assertThat(r.questionAccuracy()).isEqualTo(0.5);
        assertThat(r.pairs()).isEqualTo(3);
    }

    @Test
    void mmvpRejectsIncompletePairsAndDuplicates() {
        assertThatThrownBy(() -> Mmvp.score(List.of(new Mmvp.Answer(3, true))))
                .hasMessageContaining("question 3").hasMessageContaining("partner 4");
        assertThatThrownBy(() -> Mmvp.score(List.of(new Mmvp.Answer(1, true), new Mmvp.Answer(1, false))))
                .hasMessageContaining("more than once");
    }

    @Test
    void mmvpVlmPerPatternPairAccuracyAndAverageWithTiesWrong() {
        List<MmvpVlm.Pair> pairs = List.of(
                // Texts: right (0.9 > 0.1 and 0.8 > 0.2), wrong (image 2 prefers statement 1)
                new MmvpVlm.Pair("Texts", 0.9, 0.1, 0.2, 0.8), new MmvpVlm.Pair("Texts", 0.9, 0.1, 0.8, 0.2),
                // Color: a tie on image 1 is wrong; then a right one
                new MmvpVlm.Pair("Color and Appearance", 0.5, 0.5, 0.1, 0.9),
                new MmvpVlm.Pair("Color and Appearance", 2.0, 1.0, 1.0, 2.0),
                // Orientation: right
                new MmvpVlm.Pair("Orientation and Direction", 1, 0, 0, 1));
        MmvpVlm.Result r = MmvpVlm.score(pairs);
        // benchmark order: Orientation (1/1), Color (1/2), Texts (1/2); average (1 + 0.5 + 0.5) / 3
        assertThat(r.perPattern()).containsExactly(
                Map.entry("Orientation and Direction", 1.0), Map.entry("Color and Appearance", 0.5),
                Map.entry("Texts", 0.5));
        assertThat(r.average()).isEqualTo(2 / 3.0);
        assertThat(r.pairs()).isEqualTo(5);
        assertThat(MmvpVlm.PATTERNS).hasSize(9);
    }

    @Test
    void winogroundTextImageGroupWithStrictComparisons() {
        List<Winoground.Example> ex = List.of(
                // all right: c0i0 4 > c1i0 1, c1i1 3 > c0i1 2 (text); 4 > 2, 3 > 1 (image)
                new Winoground.Example("a", 4, 2, 1, 3),
                // text right (c0i0 3 > c1i0 1, c1i1 3.5 > c0i1 3), image wrong (c0i0 3 = c0i1 3: a tie)
                new Winoground.Example("b", 3, 3, 1, 3.5),
                // all four scores tied: wrong everywhere
                new Winoground.Example("c", 1, 1, 1, 1));
        Winoground.Result r = Winoground.score(ex);
        // text: a, b -> 2/3; image: a -> 1/3; group: a -> 1/3
        assertThat(r.text()).isEqualTo(2 / 3.0);
        assertThat(r.image()).isEqualTo(1 / 3.0);
        assertThat(r.group()).isEqualTo(1 / 3.0);
        assertThat(r.count()).isEqualTo(3);
    }

    @Test
    void winogroundImageRightTextWrong() {
        // c0i0 2, c0i1 1, c1i0 3, c1i1 4. image: 2 > 1 and 4 > 3 -> right; text: c0i0 2 > c1i0 3 fails
        // -> wrong; so group is wrong
        Winoground.Example e = new Winoground.Example("d", 2, 1, 3, 4);
        assertThat(e.imageCorrect()).isTrue();
        assertThat(e.textCorrect()).isFalse();
        assertThat(e.groupCorrect()).isFalse();
    }

    @Test
    void blinkMacroAveragesSubtasks() {
        // Art_Style 3/4 right, Counting 0/1: macro (0.75 + 0) / 2 = 0.375 (micro would be 3/5 = 0.6)
        List<Blink.Answer> a = List.of(new Blink.Answer("Art_Style", true), new Blink.Answer("Art_Style", true),
                new Blink.Answer("Art_Style", true), new Blink.Answer("Art_Style", false),
                new Blink.Answer("Counting", false));
        Blink.Result r = Blink.score(a);
        assertThat(r.perSubtask()).containsEntry("Art_Style", 0.75).containsEntry("Counting", 0.0);
        assertThat(r.macroAverage()).isEqualTo(0.375);
        assertThat(r.count()).isEqualTo(5);
    }
}
