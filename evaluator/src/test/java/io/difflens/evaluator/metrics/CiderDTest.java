package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CIDEr-D pinned to cider_scorer.py's definition, worked by hand. */
class CiderDTest {

    private static CaptionExample ex(String id, String candidate, String... refs) {
        return new CaptionExample(id, List.of(refs), candidate);
    }

    @Test
    void singleImageCorpusScoresZero() {
        // N = 1: every reference n-gram has df = 1, so tf * (log 1 - log 1) = 0; unseen n-grams get
        // tf * (log 1 - log max(1, 0)) = 0 too. All vectors are zero, so is the score.
        assertThat(CiderD.score(List.of(ex("1", "a man riding a horse", "a man riding a horse")))).isZero();
    }

    @Test
    void twoWordExactMatchesScoreFiveNotTen() {
        // N = 2, every n-gram in one image only: weight log 2 each.
        // order 1: cand = ref = (log2, log2): sum min(v,v) v / (|v| |v|) = 2 log2^2 / (2 log2^2) = 1
        // order 2: ("a b") -> 1;  orders 3 and 4: no n-grams, zero norms -> 0 (no division)
        // delta = 0 -> penalty 1; mean over 4 orders = 0.5; x10 = 5 per image; corpus mean 5
        double cider = CiderD.score(List.of(ex("1", "a b", "a b"), ex("2", "c d", "c d")));
        assertThat(cider).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void clippingAndGaussianLengthPenalty() {
        // image 1: cand "a a b", ref "a b"; image 2: cand = ref = "c d" (5, as above). N = 2, log N = log 2 = L.
        // order 1: cand a: 2L, b: L, |c| = sqrt(5) L; ref a: L, b: L, |r| = sqrt(2) L
        //          clipped: min(2L, L) L + min(L, L) L = 2 L^2 -> 2 / sqrt(10)
        // order 2: cand "a a" (df 0 -> weight L, absent from ref), "a b": L; |c| = sqrt(2) L; ref "a b": L
        //          min(L, L) L / (sqrt(2) L * L) = 1 / sqrt(2)
        // order 3: cand "a a b" vs empty ref -> 0;  order 4 -> 0
        // lengths are bigram counts (reference quirk): 2 vs 1 -> delta 1 -> e^(-1 / 72)
        // image 1 = 10 * (2/sqrt(10) + 1/sqrt(2)) / 4 * e^(-1/72) = 3.302 ; corpus = (3.302 + 5) / 2
        double image1 = 10 * (2 / Math.sqrt(10) + 1 / Math.sqrt(2)) / 4 * Math.exp(-1 / 72.0);
        double[] scores = CiderD.imageScores(List.of(ex("1", "a a b", "a b"), ex("2", "c d", "c d")));
        assertThat(scores[0]).isCloseTo(image1, within(1e-12)).isCloseTo(3.3027, within(1e-4));
        assertThat(scores[1]).isCloseTo(5.0, within(1e-12));
        assertThat(CiderD.score(List.of(ex("1", "a a b", "a b"), ex("2", "c d", "c d"))))
                .isCloseTo((image1 + 5) / 2, within(1e-12));
    }

    @Test
    void documentFrequencyDownWeightsNgramsSharedByEveryImage() {
        // "a" appears in the references of both images: idf = log 2 - log 2 = 0, so a candidate that
        // matches only "a" scores 0 even though its unigram overlaps.
        double[] scores = CiderD.imageScores(List.of(ex("1", "a", "a x"), ex("2", "a", "a y")));
        assertThat(scores).containsExactly(0.0, 0.0);
    }

    @Test
    void scoreIsTheMeanOverReferences() {
        // image 1 has two references: "a b" (sim vector [1, 1, 0, 0] as above) and "x y" (no overlap: 0)
        // -> (0.5 + 0) / 2 refs * 10 = 2.5; image 2 exact two-word match -> 5
        double[] scores = CiderD.imageScores(List.of(ex("1", "a b", "a b", "x y"), ex("2", "c d", "c d")));
        assertThat(scores[0]).isCloseTo(2.5, within(1e-12));
    }
}
