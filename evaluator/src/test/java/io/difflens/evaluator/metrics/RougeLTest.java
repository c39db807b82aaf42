package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ROUGE-L pinned to rouge.py's definition, worked by hand (beta = 1.2, beta^2 = 1.44). */
class RougeLTest {

    private static CaptionExample ex(String candidate, String... refs) {
        return new CaptionExample("i", List.of(refs), candidate);
    }

    @Test
    void lcsPrecisionRecallF() {
        // cand "a b c d", ref "a c d e f": LCS = "a c d" = 3, P = 3/4, R = 3/5
        // F = (1 + 1.44) * 0.75 * 0.6 / (0.6 + 1.44 * 0.75) = 1.098 / 1.68 = 0.65357142857...
        assertThat(RougeL.score(ex("a b c d", "a c d e f"))).isCloseTo(1.098 / 1.68, within(1e-15));
    }

    @Test
    void maxPrecisionAndMaxRecallMayComeFromDifferentReferences() {
        // cand "a b c d"; ref1 "a b": LCS 2, P = 2/4, R = 2/2 = 1; ref2 "a b c d e f g h": LCS 4, P = 1, R = 4/8
        // rouge.py takes P = max(P) = 1 and R = max(R) = 1, so F = 1 (the best single reference gives 0.69)
        assertThat(RougeL.score(ex("a b c d", "a b", "a b c d e f g h"))).isEqualTo(1.0);
    }

    @Test
    void noCommonWordScoresZeroAndCorpusIsTheMeanOverImages() {
        assertThat(RougeL.score(ex("x y", "a b"))).isZero();
        // images: 1.0 (exact) and 0.0 -> mean 0.5
        assertThat(RougeL.score(List.of(ex("a b", "a b"), ex("x y", "a b")))).isEqualTo(0.5);
    }

    @Test
    void lcsIsASubsequenceNotASubstring() {
        assertThat(RougeL.lcs(List.of("a", "x", "b", "y", "c"), List.of("a", "b", "c"))).isEqualTo(3);
        assertThat(RougeL.lcs(List.of("c", "b", "a"), List.of("a", "b", "c"))).isEqualTo(1);
    }
}
