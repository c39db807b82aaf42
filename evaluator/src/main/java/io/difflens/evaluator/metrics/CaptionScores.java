package io.difflens.evaluator.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Corpus-level caption metrics, as pycocoevalcap reports them (CIDEr is CIDEr-D, ×10 scale; the others
 * are fractions in [0, 1]).
 */
public record CaptionScores(double bleu1, double bleu2, double bleu3, double bleu4, double rougeL, double cider) {

    /** The scores under pycocoevalcap's names, in its order: Bleu_1..Bleu_4, ROUGE_L, CIDEr. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("Bleu_1", bleu1);
        m.put("Bleu_2", bleu2);
        m.put("Bleu_3", bleu3);
        m.put("Bleu_4", bleu4);
        m.put("ROUGE_L", rougeL);
        m.put("CIDEr", cider);
        return m;
    }
}
