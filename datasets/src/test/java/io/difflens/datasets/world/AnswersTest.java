package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthVqa;
import org.junit.jupiter.api.Test;

class AnswersTest {

    @Test
    void freeTextAnswersMapOntoCanonicalOnes() {
        assertThat(Answers.matches("Red.", "red")).isTrue();
        assertThat(Answers.matches("Three", "3")).isTrue();
        assertThat(Answers.matches("In the top-left corner.", "top left")).isTrue();
        assertThat(Answers.matches("It points to the left.", "left")).isTrue();
        assertThat(Answers.normalize("the top-left corner")).isEqualTo("top left");
        assertThat(Answers.matches("Centre", "center")).isTrue();
        assertThat(Answers.matches("Yes", "yes")).isTrue();
        assertThat(Answers.matches("blue", "red")).isFalse();
        assertThat(Answers.matches("2", "3")).isFalse();
    }

    @Test
    void canonicalAnswersAreFixedPointsOfTheNormaliser() {
        new SynthVqa(SuiteOptions.DEFAULT).generate(3, 200).items().forEach(i ->
                assertThat(Answers.normalize(i.answer())).as(i.question()).isEqualTo(i.answer()));
    }
}
