package io.difflens.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Our tokenizer against the real CoreNLP 3.4.1 output on 140 lines (see resources/ptb/notes.md). */
class PtbTokenizerGoldenTest {

    @Test
    void matchesCoreNlpOnEveryLineBeforeAndAfterThePunctuationFilter() throws IOException {
        List<String> rawMismatches = new ArrayList<>();
        List<String> filteredMismatches = new ArrayList<>();
        int lines = 0;
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/ptb/corenlp-3.4.1-cases.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = json.readTree(line);
                String input = n.get("input").asText();
                String expected = n.get("corenlp").asText();
                lines++;
                String raw = String.join(" ", PtbTokenizer.ptbTokens(input));
                if (!raw.equals(expected)) {
                    rawMismatches.add(input + " -> " + raw + " (CoreNLP: " + expected + ")");
                }
                // pycocoevalcap: line.rstrip().split(' ') and drop listed tokens
                String filtered = Arrays.stream(expected.split(" "))
                        .filter(t -> !PtbTokenizer.PYCOCOEVALCAP_PUNCTUATION.contains(t))
                        .collect(Collectors.joining(" "));
                if (!PtbTokenizer.tokenize(input).equals(filtered)) {
                    filteredMismatches.add(input);
                }
            }
        }
        assertThat(lines).isEqualTo(140);
        assertThat(rawMismatches).isEmpty();
        assertThat(filteredMismatches).isEmpty();
    }
}
