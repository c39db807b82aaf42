package io.difflens.evaluator.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.metrics.Tokenization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole pipeline (PTB tokenisation + the three scorers) against pycocoevalcap's numbers (resources/pycocoevalcap/notes.md). */
class PycocoevalcapGoldenTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void matchesPycocoevalcap(int n) throws IOException, URISyntaxException {
        Path input = Path.of(getClass().getResource("/pycocoevalcap/captions-" + n + ".json").toURI());
        JsonNode expected;
        try (var in = getClass().getResourceAsStream("/pycocoevalcap/captions-" + n + ".expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        Map<String, Double> got = OfflineScoring.scoreCaptions(input, Tokenization.PTB);
        assertThat(got.keySet()).containsExactly("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");
        for (Map.Entry<String, Double> e : got.entrySet()) {
            double want = expected.get(e.getKey()).asDouble();
            assertThat(e.getValue()).as(e.getKey()).isCloseTo(want, within(1e-12 * Math.max(1, Math.abs(want))));
        }
    }
}
