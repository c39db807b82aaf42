package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** VQA-v2 normalisation and accuracy, each expectation derived from vqaEval.py's rules. */
class VqaAccuracyTest {

    private static List<String> refs(String a, int na, String b, int nb) {
        return Stream.concat(Collections.nCopies(na, a).stream(), Collections.nCopies(nb, b).stream()).toList();
    }

    @Test
    void punctuationTouchingASpaceIsDeletedElseReplacedBySpace() {
        // ", " occurs -> every ',' deleted; "red,blue" has none touching a space -> ',' becomes ' '
        assertThat(VqaNormalizer.processPunctuation("yes, sir")).isEqualTo("yes sir");
        assertThat(VqaNormalizer.processPunctuation("red,blue")).isEqualTo("red blue");
        // a digit-comma-digit anywhere deletes all punctuation: "1,000" -> "1000"
        assertThat(VqaNormalizer.processPunctuation("1,000")).isEqualTo("1000");
        // the apostrophe is in the list: "don't" -> "don t" (it touches no space)
        assertThat(VqaNormalizer.processPunctuation("don't")).isEqualTo("don t");
        // '-' and '!' are not in the list and stay
        assertThat(VqaNormalizer.processPunctuation("up-down!")).isEqualTo("up-down!");
    }

    @Test
    void periodsGoUnlessADigitFollowsAndAtMost32Go() {
        assertThat(VqaNormalizer.processPunctuation("3.5 ft.")).isEqualTo("3.5 ft");
        // re.sub(pattern, "", text, re.UNICODE) passes 32 as the count: of 33 periods one survives
        assertThat(VqaNormalizer.processPunctuation(".".repeat(33))).isEqualTo(".");
    }

    @Test
    void digitArticleStepLowerCasesMapsNumbersDropsArticlesExpandsContractions() {
        assertThat(VqaNormalizer.processDigitArticle("Two Dogs")).isEqualTo("2 dogs");
        assertThat(VqaNormalizer.processDigitArticle("the  cat on a mat")).isEqualTo("cat on mat");
        assertThat(VqaNormalizer.processDigitArticle("None")).isEqualTo("0");
        // the table maps "dont" to "don’t" with U+2019, as the script's table does
        assertThat(VqaNormalizer.processDigitArticle("dont")).isEqualTo("don\u2019t");
        assertThat(VqaNormalizer.processDigitArticle("whats up")).isEqualTo("what\u2019s up");
        assertThat(VqaNormalizer.normalize("The Two dogs.")).isEqualTo("2 dogs");
    }

    @Test
    void tenReferencesAverageTheTenLeaveOneOutSubsets() {
        // answer "2"; refs: 3 x "2", 7 x "3". Leaving out a "2": 2 matches -> 2/3 (3 times);
        // leaving out a "3": 3 matches -> 1 (7 times). Mean = (3 * 2/3 + 7) / 10 = 0.9
        assertThat(VqaAccuracy.softAccuracy("two", refs("2", 3, "3", 7))).isEqualTo(0.9);
        // 2 x "2": leaving out a "2" -> 1/3 (twice), else 2/3 (8 times): (2/3 + 16/3) / 10 = 0.6
        assertThat(VqaAccuracy.softAccuracy("2", refs("2", 2, "3", 8))).isEqualTo((2 / 3.0 + 8 * (2 / 3.0)) / 10);
        // 4 or more matches: every subset has >= 3 -> 1
        assertThat(VqaAccuracy.softAccuracy("2", refs("2", 4, "3", 6))).isEqualTo(1.0);
        assertThat(VqaAccuracy.softAccuracy("5", refs("2", 4, "3", 6))).isZero();
    }

    @Test
    void otherReferenceCountsUseThePlainFormula() {
        // 3 references, 1 match -> min(1, 1/3)
        assertThat(VqaAccuracy.softAccuracy("yes", List.of("yes", "no", "no"))).isEqualTo(1 / 3.0);
        assertThat(VqaAccuracy.softAccuracy("yes", List.of("yes"))).isEqualTo(1 / 3.0);
        assertThat(VqaAccuracy.softAccuracy("no", List.of("no", "no", "no", "yes"))).isEqualTo(1.0);
    }

    @Test
    void referencesAreOnlyPunctuationProcessedAndOnlyWhenTheyDiffer() {
        // differing refs: "yes." -> "yes" by processPunctuation; answer "Yes" -> "yes": 10 - 1 matches... all
        List<String> differing = refs("yes.", 5, "no", 5);
        // every leave-one-out subset keeps >= 4 "yes" -> 1
        assertThat(VqaAccuracy.softAccuracy("Yes", differing)).isEqualTo(1.0);
        // identical refs are left as they are: "Two" never equals the normalised answer "2"
        assertThat(VqaAccuracy.softAccuracy("two", Collections.nCopies(10, "Two"))).isZero();
    }

    @Test
    void answerWhitespaceIsCleanedBeforeNormalising() {
        assertThat(VqaAccuracy.softAccuracy("\tthe red\n", List.of("red"))).isEqualTo(1 / 3.0);
    }

    @Test
    void exactMatchNormalisesBothSides() {
        assertThat(VqaAccuracy.exactMatch("Two.", List.of("2"))).isTrue();
        assertThat(VqaAccuracy.exactMatch("the Red car", List.of("blue car", "red car"))).isTrue();
        assertThat(VqaAccuracy.exactMatch("red", List.of("red car"))).isFalse();
    }

    @Test
    void noReferencesIsAnError() {
        assertThatThrownBy(() -> VqaAccuracy.softAccuracy("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"x\"");
    }
}
