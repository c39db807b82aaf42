package io.difflens.evaluator.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** pycocoevalcap's BLEU-1..4, ROUGE-L and CIDEr-D of a set of captioned images, in one call. */
public final class CaptionMetrics {

    private CaptionMetrics() {
    }

    /**
     * Tokenises every caption with {@code tokenization}, then scores the set as pycocoevalcap's
     * {@code COCOEvalCap.evaluate()} does (minus METEOR and SPICE). Image ids must be unique, as the
     * reference keys images by id.
     */
    public static CaptionScores score(List<CaptionExample> examples, Tokenization tokenization) {
        Objects.requireNonNull(tokenization, "tokenization");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no images to score");
        }
        Set<String> ids = new HashSet<>();
        for (CaptionExample e : examples) {
            if (!ids.add(e.imageId())) {
                throw new IllegalArgumentException("image id " + e.imageId() + " appears more than once");
            }
        }
        return scoreTokenized(tokenizeAsPycocoevalcap(examples, tokenization));
    }

    /**
     * Tokenises as pycocoevalcap does: all references (image by image, in order) in one batch, all
     * candidates in another.
     */
    static List<CaptionExample> tokenizeAsPycocoevalcap(List<CaptionExample> examples, Tokenization tokenization) {
        List<String> refs = tokenization.applyAll(examples.stream().flatMap(e -> e.references().stream()).toList());
        List<String> cands = tokenization.applyAll(examples.stream().map(CaptionExample::candidate).toList());
        List<CaptionExample> out = new ArrayList<>(examples.size());
        int r = 0;
        for (int i = 0; i < examples.size(); i++) {
            CaptionExample e = examples.get(i);
            int n = e.references().size();
            out.add(new CaptionExample(e.imageId(), refs.subList(r, r + n), cands.get(i)));
            r += n;
        }
        return out;
    }

    /** Scores examples whose captions are already tokenised (space-separated words). */
    public static CaptionScores scoreTokenized(List<CaptionExample> tokenized) {
        Bleu.Score bleu = Bleu.score(tokenized);
        return new CaptionScores(bleu.bleu1(), bleu.bleu2(), bleu.bleu3(), bleu.bleu4(), RougeL.score(tokenized),
                CiderD.score(tokenized));
    }
}
