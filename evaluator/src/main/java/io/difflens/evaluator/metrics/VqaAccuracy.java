package io.difflens.evaluator.metrics;

import java.util.HashSet;
import java.util.List;

/**
 * VQA-v2 answer scoring as the official evaluation script does it.
 *
 * <p>The model's answer has newlines and tabs turned into spaces, is stripped, then normalised
 * ({@link VqaNormalizer#normalize}). The references get only {@link VqaNormalizer#processPunctuation},
 * and only when they are not all identical (the script's behaviour: VQA references are already lower
 * case, with digits). With exactly ten references the soft accuracy is the script's: for each of the
 * ten leave-one-out subsets of nine, {@code min(1, matches / 3)}, averaged. With any other number of
 * references it is the plain {@code min(1, matches / 3)} over all of them (our convention for
 * benchmarks that do not have ten).
 */
public final class VqaAccuracy {
    /** The number of references for which the official leave-one-out averaging applies. */
    public static final int OFFICIAL_REFERENCE_COUNT = 10;

    private VqaAccuracy() {
    }

    /** Soft accuracy in [0, 1]. */
    public static double softAccuracy(String answer, List<String> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("no reference answers for answer \"" + answer + "\"");
        }
        String res = VqaNormalizer.normalize(answer.replace('\n', ' ').replace('\t', ' ').strip());
        List<String> gts = List.copyOf(references);
        if (new HashSet<>(gts).size() > 1) {
            gts = gts.stream().map(VqaNormalizer::processPunctuation).toList();
        }
        if (gts.size() != OFFICIAL_REFERENCE_COUNT) {
            long matches = gts.stream().filter(res::equals).count();
            return Math.min(1.0, matches / 3.0);
        }
        double sum = 0;
        for (int leftOut = 0; leftOut < gts.size(); leftOut++) {
            int matches = 0;
            for (int j = 0; j < gts.size(); j++) {
                if (j != leftOut && gts.get(j).equals(res)) {
                    matches++;
                }
            }
            sum += Math.min(1.0, matches / 3.0);
        }
        return sum / gts.size();
    }

    /** 1 when the normalised answer equals some normalised reference (both fully normalised), else 0. */
    public static boolean exactMatch(String answer, List<String> references) {
        String a = VqaNormalizer.normalize(answer.strip());
        return references.stream().anyMatch(r -> VqaNormalizer.normalize(r.strip()).equals(a));
    }
}
