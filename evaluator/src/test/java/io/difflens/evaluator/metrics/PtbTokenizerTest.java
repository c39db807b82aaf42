package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PTB rules one by one. Each expected token string is what the Penn Treebank conventions
 * (as implemented by CoreNLP 3.4.1 with -preserveLines -lowerCase) prescribe for the input; every one
 * was also checked against the real 3.4.1 jar (see src/test/resources/ptb/notes.md).
 */
class PtbTokenizerTest {

    static Stream<Arguments> rawCases() {
        return Stream.of(
                // brackets are renamed; -lowerCase applies to the names too
                Arguments.of("Brackets (round) [square] {curly}", "brackets -lrb- round -rrb- -lsb- square -rsb- -lcb- curly -rcb-"),
                // ASCII double quotes become LaTeX quotes by position: opening before a word, else closing
                Arguments.of("He said \"hello\" to me.", "he said `` hello '' to me ."),
                Arguments.of("x\"y", "x `` y"),
                // single quotes: opening ` before a word at a word start, else '
                Arguments.of("He said 'bye' to me.", "he said ` bye ' to me ."),
                // Unicode quotes and dashes
                Arguments.of("\u201CSmart\u201D \u2018single\u2019 \u2014 dash \u2013 en", "`` smart '' ` single ' -- dash -- en"),
                // negations split before n't, other clitics before the apostrophe
                Arguments.of("I don't know", "i do n't know"),
                Arguments.of("I can't, we won't", "i ca n't , we wo n't"),
                Arguments.of("I'm sure we'll go, they're here, you've seen, he'd left", "i 'm sure we 'll go , they 're here , you 've seen , he 'd left"),
                Arguments.of("couldn't've", "could n't 've"),
                Arguments.of("It\u2019s a dog\u2019s life, isn\u2019t it?", "it 's a dog 's life , is n't it ?"),
                // assimilations
                Arguments.of("gonna wanna gotta lemme gimme cannot", "gon na wan na got ta lem me gim me can not"),
                Arguments.of("'Tis the season, 'twas night", "'t is the season , 't was night"),
                // possessives: 's splits, a bare plural possessive apostrophe is its own token
                Arguments.of("Tom's, James', and the dogs' bowls", "tom 's , james ' , and the dogs ' bowls"),
                Arguments.of("The 1990s and 2000's", "the 1990s and 2000 's"),
                // ellipses (any length, spaced, Unicode) become ...
                Arguments.of("wait... really.... then . . . stop\u2026 ok", "wait ... really ... then ... stop ... ok"),
                // double and triple hyphens become --; a single one stays
                Arguments.of("A--B and A---B - C", "a -- b and a -- b - c"),
                // currency symbols split from amounts and are normalised
                Arguments.of("$5 \u00A35 \u20AC10 \u00A25 US$5", "$ 5 # 5 $ 10 cents 5 us$ 5"),
                // fractions: ASCII kept whole, Unicode vulgar fractions spelled out
                Arguments.of("1/2 inch and \u00BD cup", "1/2 inch and 1/2 cup"),
                // numbers keep commas, decimals, signs and times
                Arguments.of("1,000,000 3.14159 .5 -5 +3 10:30", "1,000,000 3.14159 .5 -5 +3 10:30"),
                // abbreviations keep their period; a sentence-final period is split
                Arguments.of("Mr. Smith met Dr. Jones in the U.S. today.", "mr. smith met dr. jones in the u.s. today ."),
                Arguments.of("e.g. this and i.e. that", "e.g. this and i.e. that"),
                // sentence-ending abbreviations keep their period and get a sentence period after them
                Arguments.of("Teddy bears, dolls, etc. The end etc.", "teddy bears , dolls , etc. . the end etc. ."),
                Arguments.of("at 5 p.m. Then we left.", "at 5 p.m. . then we left ."),
                // hyphenated words stay whole
                Arguments.of("A well-known state-of-the-art 5-year-old", "a well-known state-of-the-art 5-year-old"),
                // URLs and e-mail addresses stay whole; trailing sentence punctuation does not belong to them
                Arguments.of("see http://www.example.com/path?x=1 or www.google.com.", "see http://www.example.com/path?x=1 or www.google.com ."),
                Arguments.of("mail john@example.com now", "mail john@example.com now"),
                // emoticons are tokens, with their brackets renamed
                Arguments.of("a cat :) and a dog :-(", "a cat :-rrb- and a dog :--lrb-"),
                // runs of ! and ? are one token
                Arguments.of("Hello!? What?! Ok!!", "hello !? what ?! ok !!"),
                // slashes and ampersands inside words
                Arguments.of("and/or AT&T Q&A", "and/or at&t q&a"),
                // feet and inches
                Arguments.of("A 6'2\" tall man", "a 6 ' 2 '' tall man"),
                // whitespace of any kind separates
                Arguments.of("Multiple   spaces\tand tabs", "multiple spaces and tabs"));
    }

    @ParameterizedTest
    @MethodSource("rawCases")
    void tokenisesAsPtb(String input, String expected) {
        assertThat(String.join(" ", PtbTokenizer.ptbTokens(input))).isEqualTo(expected);
    }

    @Test
    void removesPycocoevalcapPunctuationAfterLowerCasingSoBracketNamesSurvive() {
        // ptb: a man -lrb- in red -rrb- said `` do n't go '' -- i 'm here , ok ? ... ; : !
        // removed: `` '' -- , ? ... ; : ! (all in the list); -lrb- -rrb- are not ("-LRB-" is, in upper case)
        assertThat(PtbTokenizer.tokenize("A man (in red) said \"don't go\" -- I'm here, ok? ... ; : !"))
                .isEqualTo("a man -lrb- in red -rrb- said do n't go i 'm here ok");
    }

    @Test
    void keepsTokensThatOnlyContainPunctuationButAreNotListed() {
        // "!!!" and "??" are not "!" and "?"; "-lsb-" is not in the list at all
        assertThat(PtbTokenizer.tokenize("What?? No!!! [x]")).isEqualTo("what ?? no !!! -lsb- x -rsb-");
    }

    @Test
    void newlinesInsideACaptionAreSpaces() {
        assertThat(PtbTokenizer.tokenize("a dog\non grass.")).isEqualTo("a dog on grass");
    }

    @Test
    void emptyCaptionHasNoTokens() {
        assertThat(PtbTokenizer.tokens("  ")).isEmpty();
        assertThat(PtbTokenizer.tokenize("...")).isEmpty();
    }

    @Test
    void aLetterWithAPeriodIsAnInitialUnlessASentenceStartingWordFollows() {
        // "J. Smith": initial, period kept; "Plan B. Then ...": "Then" starts sentences, so "b" "."
        assertThat(String.join(" ", PtbTokenizer.ptbTokens("call J. Smith now"))).isEqualTo("call j. smith now");
        assertThat(String.join(" ", PtbTokenizer.ptbTokens("Plan B. Then we go"))).isEqualTo("plan b . then we go");
        // an acronym keeps its period and gets a sentence period: "u.s. ." (before "It", not before "Open")
        assertThat(String.join(" ", PtbTokenizer.ptbTokens("the U.S. It is"))).isEqualTo("the u.s. . it is");
        assertThat(String.join(" ", PtbTokenizer.ptbTokens("at the U.S. Open"))).isEqualTo("at the u.s. open");
    }

    @Test
    void aCaptionsLastWordDependsOnTheNextCaptionInABatch() {
        // pycocoevalcap tokenises all captions as one text, one per line; "B." ends a sentence only
        // when the next caption starts with a sentence-starting word
        assertThat(PtbTokenizer.tokenizeAll(List.of("He bought plan B.", "Then he left.")))
                .containsExactly("he bought plan b", "then he left");
        assertThat(PtbTokenizer.tokenizeAll(List.of("He bought plan B.", "Smith left.")))
                .containsExactly("he bought plan b.", "smith left");
        // blank captions keep their place
        assertThat(PtbTokenizer.tokenizeAll(List.of("a", "", "b"))).containsExactly("a", "", "b");
    }

    @Test
    void noneTokenizationOnlySplitsOnWhitespace() {
        assertThat(Tokenization.NONE.apply("  A dog,\tON grass. ")).isEqualTo("A dog, ON grass.");
        assertThat(Tokenization.PTB.apply("  A dog,\tON grass. ")).isEqualTo("a dog on grass");
    }
}
