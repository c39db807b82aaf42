package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BLEU pinned to bleu_scorer.py's definition, worked by hand. */
class BleuTest {
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    private static CaptionExample ex(String id, String candidate, String... refs) {
        return new CaptionExample(id, List.of(refs), candidate);
    }

    @Test
    void exactMatchScoresJustBelowOneBecauseOfTheSmoothingConstants() {
        // 9 words, identical reference: correct = guess = (9, 8, 7, 6); testlen = reflen = 9.
        // p_k = (c + 1e-15) / (g + 1e-9) < 1, and ratio = (9 + 1e-15) / (9 + 1e-9) < 1 so the brevity
        // penalty exp(1 - 1/ratio) also applies: BLEU-1 = p1 * BP ~ (1 - 1.1e-10)^2 = 0.99999999978
        String s = "a man riding a wave on top of surfboard";
        Bleu.Score b = Bleu.score(List.of(ex("1", s, s)));
        double bp = Math.exp(1 - 1 / ((9 + TINY) / (9 + SMALL)));
        double p1 = (9 + TINY) / (9 + SMALL);
        double p2 = (8 + TINY) / (8 + SMALL);
        double p3 = (7 + TINY) / (7 + SMALL);
        double p4 = (6 + TINY) / (6 + SMALL);
        assertThat(b.bleu1()).isEqualTo(p1 * bp).isCloseTo(0.99999999978, within(5e-12)).isLessThan(1.0);
        assertThat(b.bleu2()).isEqualTo(Math.pow(p1 * p2, 1 / 2.0) * bp);
        assertThat(b.bleu3()).isEqualTo(Math.pow(p1 * p2 * p3, 1 / 3.0) * bp);
        assertThat(b.bleu4()).isEqualTo(Math.pow(p1 * p2 * p3 * p4, 1 / 4.0) * bp).isLessThan(1.0);
    }

    @Test
    void clippedCountsAgainstTheMaxOverReferences() {
        // cand "the cat sat on the mat" (6 words); refs "the cat is on the mat" (6), "there is a cat on the mat" (7)
        // unigrams: the x2 (max ref count 2), cat, on, mat match, sat does not -> correct 5 of 6
        // bigrams : the cat, on the, the mat match; cat sat, sat on do not -> 3 of 5
        // trigrams: only "on the mat" -> 1 of 4;  4-grams: none -> 0 of 3
        // closest reference length 6 = testlen, ratio = (6+1e-15)/(6+1e-9) < 1 -> tiny brevity penalty
        Bleu.Score b = Bleu.score(List.of(ex("1", "the cat sat on the mat", "the cat is on the mat",
                "there is a cat on the mat")));
        double p1 = (5 + TINY) / (6 + SMALL);
        double p2 = (3 + TINY) / (5 + SMALL);
        double p3 = (1 + TINY) / (4 + SMALL);
        double p4 = (0 + TINY) / (3 + SMALL);
        double bp = Math.exp(1 - 1 / ((6 + TINY) / (6 + SMALL)));
        assertThat(b.bleu1()).isEqualTo(p1 * bp).isCloseTo(5 / 6.0, within(1e-9));
        assertThat(b.bleu2()).isEqualTo(Math.sqrt(p1 * p2) * bp).isCloseTo(Math.sqrt(0.5), within(1e-9));
        assertThat(b.bleu3()).isEqualTo(Math.pow(p1 * p2 * p3, 1 / 3.0) * bp).isCloseTo(Math.cbrt(0.125), within(1e-9));
        // no matching 4-gram: only the 1e-15 keeps BLEU-4 above zero, (0.125 * 3.3e-16)^(1/4) ~ 8e-5
        assertThat(b.bleu4()).isEqualTo(Math.pow(p1 * p2 * p3 * p4, 1 / 4.0) * bp).isBetween(1e-5, 1e-4);
    }

    @Test
    void closestReferenceLengthTiesGoToTheShorterOne() {
        // testlen 5, refs of length 4 and 6 are equally close: the shorter (4) is used, ratio 5/4 > 1,
        // so no brevity penalty. Had 6 been used, BP = exp(1 - 6/5) = 0.8187.
        Bleu.Score b = Bleu.score(List.of(ex("1", "a b c d e", "a b c d", "a b c d e f")));
        assertThat(b.bleu1()).isEqualTo((5 + TINY) / (5 + SMALL));
    }

    @Test
    void shortCandidateGetsTheBrevityPenalty() {
        // cand "a b" vs ref "a b c d": p1 = p2 = 1 (up to smoothing), ratio = 2/4 -> BP = exp(1 - 2) = e^-1
        Bleu.Score b = Bleu.score(List.of(ex("1", "a b", "a b c d")));
        double ratio = (2 + TINY) / (4 + SMALL);
        assertThat(b.bleu1()).isEqualTo((2 + TINY) / (2 + SMALL) * Math.exp(1 - 1 / ratio))
                .isCloseTo(Math.exp(-1), within(1e-9));
    }

    @Test
    void corpusBleuSumsCountsOverImagesInsteadOfAveragingScores() {
        // image 1: "a b" vs "a b" -> correct1 2 of 2; image 2: "x y z w" vs "a b c d" -> 0 of 4
        // corpus BLEU-1 = (2 + 1e-15) / (6 + 1e-9) with testlen = reflen = 6 (tiny BP) ~ 1/3,
        // whereas the mean of per-image BLEU-1 would be ~ 1/2
        Bleu.Score b = Bleu.score(List.of(ex("1", "a b", "a b"), ex("2", "x y z w", "a b c d")));
        double bp = Math.exp(1 - 1 / ((6 + TINY) / (6 + SMALL)));
        assertThat(b.bleu1()).isEqualTo((2 + TINY) / (6 + SMALL) * bp).isCloseTo(1 / 3.0, within(1e-9));
    }

    @Test
    void statsAddUpOverImages() {
        CaptionExample one = ex("1", "a b c", "a b d");
        CaptionExample two = ex("2", "x y", "x y z");
        Bleu.Stats sum = Bleu.Stats.of(one).plus(Bleu.Stats.of(two));
        // testlen 3 + 2; reflen 3 + 3; guess1 3 + 2; correct1 (a, b) 2 + (x, y) 2
        assertThat(sum.testLength()).isEqualTo(5);
        assertThat(sum.referenceLength()).isEqualTo(6);
        assertThat(sum.guess()).containsExactly(5L, 3L, 1L, 0L);
        assertThat(sum.correct()).containsExactly(4L, 2L, 0L, 0L);
        assertThat(sum.score()).isEqualTo(Bleu.score(List.of(one, two)));
    }
}
