package io.difflens.evaluator.metrics;

import io.difflens.evaluator.metrics.internal.Ngrams;
import io.difflens.evaluator.metrics.internal.NumpySum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D exactly as pycocoevalcap's {@code cider_scorer.py} computes it.
 *
 * <ul>
 *   <li>Document frequency of an n-gram (n = 1..4): the number of images of <em>the evaluated set</em>
 *       whose references contain it; the log reference length is {@code log(number of images)}.</li>
 *   <li>Each caption becomes, per order n, a vector {@code tf × (log N − log max(1, df))} with its
 *       Euclidean norm.</li>
 *   <li>Similarity per order: {@code Σ min(v_cand, v_ref) × v_ref} (the clipping), divided by both
 *       norms when neither is 0, times the Gaussian length penalty
 *       {@code e^(−δ² / (2σ²))}, σ = 6.</li>
 *   <li>Image score: the mean over the 4 orders, summed over references, divided by their number,
 *       ×10. Corpus score: the mean over images.</li>
 * </ul>
 * Quirk kept from the reference: the "length" in δ counts the caption's <em>bigrams</em> (its
 * {@code counts2vec} adds term frequencies when the 0-based order index is 1), which equals the word
 * count minus one for non-empty captions. A single-image corpus scores 0 because every reference
 * n-gram then has {@code log df = log N = 0}.
 */
public final class CiderD {
    static final int MAX_ORDER = 4;
    static final double SIGMA = 6.0;

    private CiderD() {
    }

    /** Per-image CIDEr-D scores of tokenised examples, in input order. */
    public static double[] imageScores(List<CaptionExample> tokenized) {
        List<List<Ngrams>> refs = tokenized.stream()
                .map(e -> e.references().stream().map(r -> Ngrams.of(Ngrams.splitWhitespace(r), MAX_ORDER)).toList())
                .toList();
        Map<String, Integer> df = new HashMap<>();
        for (List<Ngrams> imageRefs : refs) {
            Set<String> seen = new HashSet<>();
            for (Ngrams r : imageRefs) {
                for (int n = 1; n <= MAX_ORDER; n++) {
                    for (String g : r.order(n).keySet()) {
                        // keys of different orders never collide: their word counts differ
                        seen.add(g);
                    }
                }
            }
            for (String g : seen) {
                df.merge(g, 1, Integer::sum);
            }
        }
        double refLen = Math.log(tokenized.size());
        double[] scores = new double[tokenized.size()];
        for (int img = 0; img < scores.length; img++) {
            Vec cand = new Vec(Ngrams.of(Ngrams.splitWhitespace(tokenized.get(img).candidate()), MAX_ORDER), df, refLen);
            double[] sum = new double[MAX_ORDER];
            for (Ngrams r : refs.get(img)) {
                Vec ref = new Vec(r, df, refLen);
                double[] sim = sim(cand, ref);
                for (int n = 0; n < MAX_ORDER; n++) {
                    sum[n] += sim[n];
                }
            }
            double avg = NumpySum.mean(sum);
            avg /= refs.get(img).size();
            avg *= 10.0;
            scores[img] = avg;
        }
        return scores;
    }

    /** Corpus CIDEr-D: the mean of {@link #imageScores}. */
    public static double score(List<CaptionExample> tokenized) {
        return NumpySum.mean(imageScores(tokenized));
    }

    private static double[] sim(Vec hyp, Vec ref) {
        double delta = hyp.length - ref.length;
        double[] val = new double[MAX_ORDER];
        for (int n = 0; n < MAX_ORDER; n++) {
            for (Map.Entry<String, Double> e : hyp.values.get(n).entrySet()) {
                double r = ref.values.get(n).getOrDefault(e.getKey(), 0.0);
                val[n] += Math.min(e.getValue(), r) * r;
            }
            if (hyp.norm[n] != 0 && ref.norm[n] != 0) {
                val[n] /= hyp.norm[n] * ref.norm[n];
            }
            val[n] *= Math.pow(Math.E, -(delta * delta) / (2 * SIGMA * SIGMA));
        }
        return val;
    }

    /** A caption's TF-IDF vectors per order, their norms and its bigram count. */
    private static final class Vec {
        final List<Map<String, Double>> values;
        final double[] norm = new double[MAX_ORDER];
        final int length;

        Vec(Ngrams counts, Map<String, Integer> df, double refLen) {
            values = new ArrayList<>(MAX_ORDER);
            int len = 0;
            for (int n = 0; n < MAX_ORDER; n++) {
                Map<String, Double> v = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> e : counts.order(n + 1).entrySet()) {
                    double logDf = Math.log(Math.max(1.0, df.getOrDefault(e.getKey(), 0)));
                    double x = (double) e.getValue() * (refLen - logDf);
                    v.put(e.getKey(), x);
                    norm[n] += Math.pow(x, 2);
                    if (n == 1) {
                        len += e.getValue();
                    }
                }
                norm[n] = Math.sqrt(norm[n]);
                values.add(v);
            }
            length = len;
        }
    }
}
