package io.difflens.evaluator.metrics;

import io.difflens.evaluator.metrics.internal.PtbLexer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Caption tokenisation as pycocoevalcap does it: Stanford CoreNLP 3.4.1's {@code PTBTokenizer} run with
 * {@code -preserveLines -lowerCase}, then every token that is one of
 * {@link #PYCOCOEVALCAP_PUNCTUATION} removed.
 *
 * <p>No PTB tokenizer library is a dependency of this project, so the tokenizer is our own code
 * ({@link PtbLexer}); its tests pin its output on many constructed cases. Because lower-casing
 * happens before the removal, the upper-case bracket names in the removal list never match and
 * {@code -lrb-} and friends survive, as they do in pycocoevalcap.
 */
public final class PtbTokenizer {

    /** The whole tokens pycocoevalcap's {@code tokenizer/ptbtokenizer.py} drops after tokenising. */
    public static final Set<String> PYCOCOEVALCAP_PUNCTUATION = Set.of(
            "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...",
            ";");

    private PtbTokenizer() {
    }

    /**
     * The raw PTB tokens of one caption (lower-cased), before punctuation removal. Newlines inside the
     * caption are treated as spaces, as pycocoevalcap replaces them before calling the tokenizer.
     */
    public static List<String> ptbTokens(String caption) {
        Objects.requireNonNull(caption, "caption");
        return PtbLexer.tokenize(caption.replace('\n', ' '));
    }

    /** The tokens pycocoevalcap scores: {@link #ptbTokens} without {@link #PYCOCOEVALCAP_PUNCTUATION}. */
    public static List<String> tokens(String caption) {
        return ptbTokens(caption).stream().filter(t -> !PYCOCOEVALCAP_PUNCTUATION.contains(t)).toList();
    }

    /** The tokenised caption as pycocoevalcap hands it to the scorers: tokens joined by single spaces. */
    public static String tokenize(String caption) {
        return tokens(caption).stream().collect(Collectors.joining(" "));
    }

    /**
     * Tokenises captions the way pycocoevalcap does in one call: newlines inside each caption become
     * spaces, the captions are joined one per line and the text is tokenised at once. That matters in
     * rare cases, because CoreNLP decides whether "B." or "U.S." at the end of a caption ends a sentence
     * by looking at the first word of the next caption.
     *
     * @return the tokenised captions, in order, tokens joined by single spaces
     */
    public static List<String> tokenizeAll(List<String> captions) {
        String text = captions.stream().map(c -> c.replace('\n', ' ')).collect(Collectors.joining("\n"));
        List<List<String>> lines = PtbLexer.tokenizeLines(text);
        // pycocoevalcap strips the joined text on the right; tokens are unaffected. (It then zips lines with
        // images, silently dropping images whose trailing captions were blank; we keep them as empty.)
        return IntStream.range(0, captions.size())
                .mapToObj(k -> k < lines.size() ? lines.get(k) : List.<String>of())
                .map(line -> line.stream().filter(t -> !PYCOCOEVALCAP_PUNCTUATION.contains(t))
                        .collect(Collectors.joining(" ")))
                .toList();
    }
}
