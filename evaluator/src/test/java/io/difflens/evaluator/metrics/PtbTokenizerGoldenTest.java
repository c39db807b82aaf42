package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.metrics.internal.PtbLexer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Our tokenizer against the real CoreNLP 3.4.1 output on 154 lines tokenised as one batch, as
 * pycocoevalcap runs it (see resources/ptb/notes.md).
 */
class PtbTokenizerGoldenTest {

    @Test
    void matchesCoreNlpOnEveryLineBeforeAndAfterThePunctuationFilter() throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/ptb/corenlp-3.4.1-cases.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = json.readTree(line);
                inputs.add(n.get("input").asText());
                expected.add(n.get("corenlp").asText());
            }
        }
        assertThat(inputs).hasSize(154);
        List<List<String>> raw = PtbLexer.tokenizeLines(String.join("\n", inputs));
        List<String> filtered = PtbTokenizer.tokenizeAll(inputs);
        List<String> rawMismatches = new ArrayList<>();
        List<String> filteredMismatches = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            String got = String.join(" ", raw.get(k));
            if (!got.equals(expected.get(k))) {
                rawMismatches.add(inputs.get(k) + " -> " + got + " (CoreNLP: " + expected.get(k) + ")");
            }
            // pycocoevalcap: line.rstrip().split(' ') and drop listed tokens
            String want = Arrays.stream(expected.get(k).split(" "))
                    .filter(t -> !PtbTokenizer.PYCOCOEVALCAP_PUNCTUATION.contains(t))
                    .collect(Collectors.joining(" "));
            if (!filtered.get(k).equals(want)) {
                filteredMismatches.add(inputs.get(k) + " -> " + filtered.get(k) + " (pycocoevalcap: " + want + ")");
            }
        }
        assertThat(rawMismatches).isEmpty();
        assertThat(filteredMismatches).isEmpty();
    }
}
