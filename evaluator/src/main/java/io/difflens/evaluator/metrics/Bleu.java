package io.difflens.evaluator.metrics;

import io.difflens.evaluator.metrics.internal.Ngrams;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-1..4 exactly as pycocoevalcap's {@code bleu_scorer.py} computes it with
 * {@code option='closest'}: clipped n-gram matches and candidate n-gram counts summed over all images,
 * the reference length of each image being the one closest to the candidate's (ties: the shorter),
 * the precisions smoothed as {@code (correct + 1e-15) / (guess + 1e-9)}, and the brevity penalty
 * {@code exp(1 - 1/ratio)} with {@code ratio = (testlen + 1e-15) / (reflen + 1e-9)} applied when
 * {@code ratio < 1}. Because of that smoothing a perfect candidate scores slightly below 1
 * (e.g. 0.99999999978 for BLEU-1 of a nine-word exact match).
 *
 * <p>Captions must already be tokenised (see {@link Tokenization}); words are whitespace-separated.
 */
public final class Bleu {
    static final int MAX_ORDER = 4;
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    /** BLEU-1..4 of a corpus. */
    public record Score(double bleu1, double bleu2, double bleu3, double bleu4) {
        /** BLEU-n for n in 1..4. */
        public double bleu(int n) {
            return switch (n) {
                case 1 -> bleu1;
                case 2 -> bleu2;
                case 3 -> bleu3;
                case 4 -> bleu4;
                default -> throw new IllegalArgumentException("BLEU order must be 1..4, got " + n);
            };
        }
    }

    /**
     * The sufficient statistics of corpus BLEU; they add up over images, so a stream can keep them.
     *
     * @param testLength      candidate words, summed
     * @param referenceLength closest reference lengths, summed
     * @param guess           candidate n-grams per order (index 0 = unigrams), summed
     * @param correct         clipped matching n-grams per order, summed
     */
    public record Stats(long testLength, long referenceLength, List<Long> guess, List<Long> correct) {
        public Stats {
            guess = List.copyOf(guess);
            correct = List.copyOf(correct);
            if (guess.size() != MAX_ORDER || correct.size() != MAX_ORDER) {
                throw new IllegalArgumentException("BLEU statistics need " + MAX_ORDER + " orders, got guess "
                        + guess + " correct " + correct);
            }
        }

        /** No images. */
        public static final Stats EMPTY = new Stats(0, 0, List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 0L, 0L));

        /** The statistics of one tokenised image. */
        public static Stats of(CaptionExample tokenized) {
            List<String> test = Ngrams.splitWhitespace(tokenized.candidate());
            Ngrams testCounts = Ngrams.of(test, MAX_ORDER);
            int testLen = test.size();
            int bestRefLen = -1;
            Ngrams[] refs = new Ngrams[tokenized.references().size()];
            for (int r = 0; r < refs.length; r++) {
                List<String> words = Ngrams.splitWhitespace(tokenized.references().get(r));
                refs[r] = Ngrams.of(words, MAX_ORDER);
                int len = words.size();
                // min over (|len - testlen|, len): closest, ties to the shorter
                if (bestRefLen < 0 || Math.abs(len - testLen) < Math.abs(bestRefLen - testLen)
                        || Math.abs(len - testLen) == Math.abs(bestRefLen - testLen) && len < bestRefLen) {
                    bestRefLen = len;
                }
            }
            Long[] guess = new Long[MAX_ORDER];
            Long[] correct = new Long[MAX_ORDER];
            for (int k = 1; k <= MAX_ORDER; k++) {
                guess[k - 1] = (long) Math.max(0, testLen - k + 1);
                long c = 0;
                for (Map.Entry<String, Integer> e : testCounts.order(k).entrySet()) {
                    int maxRef = 0;
                    for (Ngrams ref : refs) {
                        maxRef = Math.max(maxRef, ref.order(k).getOrDefault(e.getKey(), 0));
                    }
                    c += Math.min(maxRef, e.getValue());
                }
                correct[k - 1] = c;
            }
            return new Stats(testLen, bestRefLen, List.of(guess), List.of(correct));
        }

        public Stats plus(Stats o) {
            Long[] g = new Long[MAX_ORDER];
            Long[] c = new Long[MAX_ORDER];
            for (int k = 0; k < MAX_ORDER; k++) {
                g[k] = guess.get(k) + o.guess.get(k);
                c[k] = correct.get(k) + o.correct.get(k);
            }
            return new Stats(testLength + o.testLength, referenceLength + o.referenceLength, List.of(g), List.of(c));
        }

        /** BLEU-1..4 from these statistics, with pycocoevalcap's smoothing and brevity penalty. */
        public Score score() {
            double[] bleus = new double[MAX_ORDER];
            double bleu = 1.0;
            for (int k = 0; k < MAX_ORDER; k++) {
                bleu *= (correct.get(k) + TINY) / (guess.get(k) + SMALL);
                bleus[k] = Math.pow(bleu, 1.0 / (k + 1));
            }
            double ratio = (testLength + TINY) / (referenceLength + SMALL);
            if (ratio < 1) {
                for (int k = 0; k < MAX_ORDER; k++) {
                    bleus[k] *= Math.exp(1 - 1.0 / ratio);
                }
            }
            return new Score(bleus[0], bleus[1], bleus[2], bleus[3]);
        }
    }

    private Bleu() {
    }

    /** Corpus BLEU of tokenised examples. */
    public static Score score(List<CaptionExample> tokenized) {
        Stats total = Stats.EMPTY;
        for (CaptionExample e : tokenized) {
            total = total.plus(Stats.of(e));
        }
        return total.score();
    }
}
