package io.difflens.evaluator.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** How captions are turned into the space-separated token strings the caption scorers read. */
public enum Tokenization {
    /** pycocoevalcap's: PTB tokenisation, lower-cased, punctuation tokens removed ({@link PtbTokenizer}). */
    PTB {
        @Override
        public String apply(String caption) {
            return PtbTokenizer.tokenize(caption);
        }

        @Override
        public List<String> applyAll(List<String> captions) {
            return PtbTokenizer.tokenizeAll(captions);
        }
    },
    /** Whitespace splitting only, case and punctuation kept: for text that is already tokenised. */
    NONE {
        @Override
        public String apply(String caption) {
            Objects.requireNonNull(caption, "caption");
            return Arrays.stream(caption.trim().split("\\s+")).filter(t -> !t.isEmpty())
                    .collect(Collectors.joining(" "));
        }
    };

    /** The caption as tokens joined by single spaces. */
    public abstract String apply(String caption);

    /**
     * Several captions tokenised as one batch, which is how pycocoevalcap runs its tokenizer (see
     * {@link PtbTokenizer#tokenizeAll}); for whitespace splitting the same as {@link #apply} on each.
     */
    public List<String> applyAll(List<String> captions) {
        return captions.stream().map(this::apply).toList();
    }
}
