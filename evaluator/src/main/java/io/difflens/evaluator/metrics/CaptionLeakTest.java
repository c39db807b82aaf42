package io.difflens.evaluator.metrics;

import java.util.List;
import java.util.Objects;

/**
 * The caption-leak test of the paper's Table 6: when the feature extractor was conditioned on a
 * caption of a <em>different</em> image, how much of that caption shows up in the generated one?
 * The same caption metrics are computed twice: against the image's true references, and against the
 * single mismatched caption the extractor was given. A high score against the given caption means the
 * prompt leaked into the output.
 */
public final class CaptionLeakTest {

    /**
     * One evaluated image.
     *
     * @param imageId        identifies the image
     * @param candidate      the generated caption
     * @param trueReferences the image's own reference captions
     * @param givenCaption   the mismatched caption the extractor was conditioned on
     */
    public record Triple(String imageId, String candidate, List<String> trueReferences, String givenCaption) {
        public Triple {
            Objects.requireNonNull(givenCaption, () -> "given caption of image " + imageId);
            trueReferences = List.copyOf(trueReferences);
        }
    }

    /** Caption metrics against the true references and against the given (mismatched) captions. */
    public record Report(CaptionScores againstTrueReferences, CaptionScores againstGivenCaptions) {
    }

    private CaptionLeakTest() {
    }

    public static Report run(List<Triple> triples, Tokenization tokenization) {
        List<CaptionExample> truth = triples.stream()
                .map(t -> new CaptionExample(t.imageId(), t.trueReferences(), t.candidate())).toList();
        List<CaptionExample> given = triples.stream()
                .map(t -> new CaptionExample(t.imageId(), List.of(t.givenCaption()), t.candidate())).toList();
        return new Report(CaptionMetrics.score(truth, tokenization), CaptionMetrics.score(given, tokenization));
    }
}
