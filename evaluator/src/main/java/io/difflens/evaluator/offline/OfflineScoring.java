package io.difflens.evaluator.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.metrics.CaptionMetrics;
import io.difflens.evaluator.metrics.Tokenization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scoring of answer files from the command line ({@code difflens score ...}); the file formats are
 * documented in the module's README. Every function returns an ordered map, ready to print as one JSON
 * object; a malformed file raises {@link IllegalArgumentException} naming the file and the entry.
 */
public final class OfflineScoring {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineScoring() {
    }

    /**
     * {@code score captions}: BLEU-1..4, ROUGE-L and CIDEr-D of
     * {@code {"images":[{"image_id":…, "references":[…], "candidate":…}]}} under the keys
     * {@code Bleu_1 Bleu_2 Bleu_3 Bleu_4 ROUGE_L CIDEr}.
     */
    public static Map<String, Double> scoreCaptions(Path json, Tokenization tokenization) {
        try {
            return CaptionMetrics.score(CaptionFile.read(json, JSON), tokenization).asMap();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /** The map as one line of JSON with full double precision. */
    public static String toJson(Map<String, ?> result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
