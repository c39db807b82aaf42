package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptionMetricsTest {

    @Test
    void ptbTokenisationMakesCaseAndPunctuationIrrelevant() {
        // "A dog, running!" and "a dog running" tokenise to the same words, so the pair is an exact
        // match: BLEU-1 = (3 + 1e-15) / (3 + 1e-9) * exp(1 - (3 + 1e-9) / (3 + 1e-15)) and ROUGE-L = 1
        List<CaptionExample> set = List.of(new CaptionExample("1", List.of("a dog running"), "A dog, running!"),
                new CaptionExample("2", List.of("two cats"), "Two cats."));
        CaptionScores s = CaptionMetrics.score(set, Tokenization.PTB);
        double ratio = (5 + 1e-15) / (5 + 1e-9);
        assertThat(s.bleu1()).isEqualTo((5 + 1e-15) / (5 + 1e-9) * Math.exp(1 - 1 / ratio));
        assertThat(s.rougeL()).isEqualTo(1.0);
        // whitespace tokenisation keeps "A", "dog," and "running!" as different words
        assertThat(CaptionMetrics.score(set, Tokenization.NONE).rougeL()).isLessThan(1.0);
    }

    @Test
    void scoresComeInPycocoevalcapOrderUnderItsNames() {
        CaptionScores s = new CaptionScores(1, 2, 3, 4, 5, 6);
        assertThat(s.asMap()).containsExactly(Map.entry("Bleu_1", 1.0), Map.entry("Bleu_2", 2.0),
                Map.entry("Bleu_3", 3.0), Map.entry("Bleu_4", 4.0),
                Map.entry("ROUGE_L", 5.0), Map.entry("CIDEr", 6.0));
    }

    @Test
    void rejectsDuplicateImagesAndMissingReferences() {
        CaptionExample a = new CaptionExample("7", List.of("x"), "x");
        assertThatThrownBy(() -> CaptionMetrics.score(List.of(a, a), Tokenization.NONE))
                .hasMessageContaining("image id 7");
        assertThatThrownBy(() -> new CaptionExample("8", List.of(), "x")).hasMessageContaining("image 8");
    }

    @Test
    void leakTestScoresAgainstTheGivenMismatchedCaption() {
        // image 1's output copies the mismatched caption it was given; image 2's does not.
        List<CaptionLeakTest.Triple> triples = List.of(
                new CaptionLeakTest.Triple("1", "a red bus on a street", List.of("a cat on a sofa"), "a red bus on a street"),
                new CaptionLeakTest.Triple("2", "a dog in the park", List.of("a dog in a park"), "two men playing tennis"));
        CaptionLeakTest.Report r = CaptionLeakTest.run(triples, Tokenization.PTB);
        // against the given captions: image 1 matches all 6 words, image 2 none of its 5:
        // BLEU-1 = (6 + 1e-15) / (11 + 1e-9), testlen 11 vs closest reflens 6 + 4 = 10 -> no penalty
        assertThat(r.againstGivenCaptions().bleu1()).isEqualTo((6 + 1e-15) / (11 + 1e-9));
        // against the truth: image 1 shares "a", "on", "a" (3), image 2 "a dog in park" (4): 7 of 11,
        // testlen 11 vs closest reflens 5 + 5 = 10 -> no penalty
        assertThat(r.againstTrueReferences().bleu1()).isEqualTo((7 + 1e-15) / (11 + 1e-9));
        // the same numbers as scoring the sets directly
        assertThat(r.againstTrueReferences()).isEqualTo(CaptionMetrics.score(List.of(
                new CaptionExample("1", List.of("a cat on a sofa"), "a red bus on a street"),
                new CaptionExample("2", List.of("a dog in a park"), "a dog in the park")), Tokenization.PTB));
        assertThat(r.againstGivenCaptions().rougeL()).isCloseTo(0.5, within(1e-12));
    }
}
