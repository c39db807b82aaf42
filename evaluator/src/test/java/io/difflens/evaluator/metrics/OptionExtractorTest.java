package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionExtractorTest {
    private static final List<String> OPTIONS = List.of("red", "dark blue", "green");

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("B", 1), Arguments.of("(B)", 1), Arguments.of("(b)", 1), Arguments.of("B.", 1),
                Arguments.of("B)", 1), Arguments.of(" c ", 2),
                Arguments.of("Answer: B", 1), Arguments.of("The answer is (C).", 2), Arguments.of("answer is a", 0),
                Arguments.of("I think (A) because it is warm", 0),
                Arguments.of("A. red", 0), Arguments.of("C) green it is", 2),
                Arguments.of("Red", 0), Arguments.of("dark-blue!", 1), Arguments.of("It is green.", 2),
                // "dark blue" contains no other option; "red" alone is not inside "dark blue"
                Arguments.of("the dark blue one", 1));
    }

    @ParameterizedTest
    @MethodSource("answers")
    void extractsTheChosenOption(String answer, int expected) {
        assertThat(OptionExtractor.extract(answer, OPTIONS)).isEqualTo(OptionalInt.of(expected));
    }

    @Test
    void longestOptionWinsWhenItContainsTheOthers() {
        assertThat(OptionExtractor.extract("it is dark red", List.of("red", "dark red"))).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void unansweredWhenNothingOrSeveralUnrelatedOptionsOrALetterOutOfRange() {
        assertThat(OptionExtractor.extract("I cannot tell", OPTIONS)).isEmpty();
        assertThat(OptionExtractor.extract("red or green", OPTIONS)).isEmpty();
        assertThat(OptionExtractor.extract("(D)", OPTIONS)).isEmpty();
        assertThat(OptionExtractor.extract("", OPTIONS)).isEmpty();
    }

    @Test
    void accuracyCountsUnansweredAsWrong() {
        // right, wrong, unanswered, right -> 2 of 4
        List<MultipleChoice> qs = List.of(new MultipleChoice("(A)", OPTIONS, 0), new MultipleChoice("B", OPTIONS, 0),
                new MultipleChoice("no idea", OPTIONS, 0), new MultipleChoice("green", OPTIONS, 2));
        assertThat(MultipleChoice.accuracy(qs)).isEqualTo(0.5);
    }
}
