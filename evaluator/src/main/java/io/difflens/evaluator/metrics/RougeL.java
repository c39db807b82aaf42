package io.difflens.evaluator.metrics;

import io.difflens.evaluator.metrics.internal.Ngrams;
import io.difflens.evaluator.metrics.internal.NumpySum;
import java.util.List;

/**
 * ROUGE-L as pycocoevalcap's {@code rouge.py} computes it: per image, the longest common subsequence
 * with each reference gives a precision (over the candidate's length) and a recall (over the
 * reference's); the maxima over references, P and R, give {@code F = (1 + β²) P R / (R + β² P)} with
 * β = 1.2 (0 when P or R is 0); the corpus score is the mean over images.
 *
 * <p>Note the reference takes the maximum precision and the maximum recall separately (possibly from
 * different references), not the maximum F. Captions are split on single spaces, as the reference
 * does, so an empty caption counts as one empty word.
 */
public final class RougeL {
    static final double BETA = 1.2;

    private RougeL() {
    }

    /** ROUGE-L of one tokenised image. */
    public static double score(CaptionExample tokenized) {
        List<String> candidate = Ngrams.splitSpace(tokenized.candidate());
        double precMax = 0;
        double recMax = 0;
        for (String ref : tokenized.references()) {
            List<String> reference = Ngrams.splitSpace(ref);
            int lcs = lcs(reference, candidate);
            precMax = Math.max(precMax, lcs / (double) candidate.size());
            recMax = Math.max(recMax, lcs / (double) reference.size());
        }
        if (precMax == 0 || recMax == 0) {
            return 0.0;
        }
        double beta2 = BETA * BETA;
        return ((1 + beta2) * precMax * recMax) / (recMax + beta2 * precMax);
    }

    /** Corpus ROUGE-L: the mean of the per-image scores. */
    public static double score(List<CaptionExample> tokenized) {
        return NumpySum.mean(tokenized.stream().mapToDouble(RougeL::score).toArray());
    }

    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
