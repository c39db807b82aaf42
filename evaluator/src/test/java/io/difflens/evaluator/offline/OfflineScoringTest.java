package io.difflens.evaluator.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.evaluator.metrics.Tokenization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline scorers on small files whose scores are counted by hand. */
class OfflineScoringTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void captionsFileGivesTheSixPycocoevalcapKeysInOrder() throws IOException {
        Path f = write("captions.json", """
                {"images":[
                  {"image_id": 1, "references": ["A dog runs.", "a dog is running"], "candidate": "A dog runs!"},
                  {"image_id": "b", "references": ["Two cats sleep."], "candidate": "two cats sleep"}]}
                """);
        Map<String, Double> s = OfflineScoring.scoreCaptions(f, Tokenization.PTB);
        assertThat(s.keySet()).containsExactly("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");
        // both candidates equal a reference after PTB tokenisation: 6 words, all n-grams match,
        // reflen 3 + 3 = testlen 6 -> BLEU-1 = (6 + 1e-15) / (6 + 1e-9) * exp(1 - (6 + 1e-9) / (6 + 1e-15))
        double ratio = (6 + 1e-15) / (6 + 1e-9);
        assertThat(s.get("Bleu_1")).isEqualTo((6 + 1e-15) / (6 + 1e-9) * Math.exp(1 - 1 / ratio));
        assertThat(s.get("ROUGE_L")).isEqualTo(1.0);
        String json = OfflineScoring.toJson(s);
        assertThat(json).startsWith("{\"Bleu_1\":0.99999999").contains("\"ROUGE_L\":1.0").doesNotContain("\n");
    }

    @Test
    void captionsFileErrorsNameTheEntry() throws IOException {
        Path f = write("bad.json", "{\"images\":[{\"image_id\":3,\"references\":[\"x\"]}]}");
        assertThatThrownBy(() -> OfflineScoring.scoreCaptions(f, Tokenization.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("images[0]")
                .hasMessageContaining("image 3").hasMessageContaining("candidate");
    }

    @Test
    void winogroundFile() throws IOException {
        // ex 1 all right; ex 2 text right, image tie -> wrong; ex 3 nothing right
        Path f = write("wino.jsonl", """
                {"id": 0, "c0_i0": 0.9, "c0_i1": 0.2, "c1_i0": 0.1, "c1_i1": 0.8}
                {"id": 1, "c0_i0": 0.5, "c0_i1": 0.5, "c1_i0": 0.1, "c1_i1": 0.6}

                {"id": 2, "c0_i0": 0.1, "c0_i1": 0.9, "c1_i0": 0.9, "c1_i1": 0.1}
                """);
        Map<String, Object> r = OfflineScoring.scoreWinoground(f);
        assertThat(r).containsExactly(Map.entry("text", 2 / 3.0), Map.entry("image", 1 / 3.0),
                Map.entry("group", 1 / 3.0), Map.entry("count", 3));
    }

    @Test
    void winogroundFileRejectsDuplicateIdsAndNonNumbers() throws IOException {
        Path dup = write("dup.jsonl", """
                {"id": 0, "c0_i0": 1, "c0_i1": 0, "c1_i0": 0, "c1_i1": 1}
                {"id": 0, "c0_i0": 1, "c0_i1": 0, "c1_i0": 0, "c1_i1": 1}
                """);
        assertThatThrownBy(() -> OfflineScoring.scoreWinoground(dup)).hasMessageContaining("line 2");
        Path text = write("text.jsonl", "{\"id\": 0, \"c0_i0\": \"high\", \"c0_i1\": 0, \"c1_i0\": 0, \"c1_i1\": 1}\n");
        assertThatThrownBy(() -> OfflineScoring.scoreWinoground(text)).hasMessageContaining("line 1")
                .hasMessageContaining("c0_i0");
    }

    @Test
    void vqaFile() throws IOException {
        // q1: "Two" -> "2"; refs 3 x "2" + 7 x "3" -> 0.9, exact match yes
        // q2: "yes" vs ["no"] (one ref) -> 0, no exact match;  q3: VQA-style objects, "no" vs 1 of 3 -> 1/3
        Path f = write("vqa.jsonl", """
                {"question_id": 1, "answer": "Two", "references": ["2","2","2","3","3","3","3","3","3","3"]}
                {"question_id": 2, "answer": "yes", "references": ["no"]}
                {"question_id": 3, "answer": "no", "references": [{"answer":"no"},{"answer":"yes"},{"answer":"yes"}]}
                """);
        Map<String, Object> r = OfflineScoring.scoreVqa(f);
        assertThat((double) r.get("accuracy")).isEqualTo((0.9 + 0 + 1 / 3.0) / 3);
        assertThat(r.get("exact_match")).isEqualTo(2 / 3.0);
        assertThat(r.get("count")).isEqualTo(3);
    }

    @Test
    void mmvpFileWithMmvpStyleOptionStrings() throws IOException {
        // pair (1,2): both right -> counts; pair (3,4): q4 unanswered -> pair wrong. pairs 1/2, questions 3/4
        Path f = write("mmvp.jsonl", """
                {"index": 1, "options": "(a) Open (b) Closed", "correct_answer": "(a)", "response": "(a) Open"}
                {"index": 2, "options": "(a) Open (b) Closed", "correct_answer": "(b)", "response": "The door is closed."}
                {"index": 3, "options": ["Yes", "No"], "correct_answer": "(a)", "response": "A"}
                {"index": 4, "options": ["Yes", "No"], "correct_answer": "(b)", "response": "I am not sure"}
                """);
        Map<String, Object> r = OfflineScoring.scoreMmvp(f);
        assertThat(r).containsExactly(Map.entry("pair_accuracy", 0.5), Map.entry("question_accuracy", 0.75),
                Map.entry("pairs", 2), Map.entry("unanswered", 1));
    }

    @Test
    void mmvpVlmFile() throws IOException {
        Path f = write("vlm.jsonl", """
                {"pattern": "Texts", "img1_stmt1": 0.3, "img1_stmt2": 0.2, "img2_stmt1": 0.1, "img2_stmt2": 0.4}
                {"pattern": "Texts", "img1_stmt1": 0.3, "img1_stmt2": 0.2, "img2_stmt1": 0.5, "img2_stmt2": 0.4}
                {"pattern": "Quantity and Count", "img1_stmt1": 0.3, "img1_stmt2": 0.3, "img2_stmt1": 0.1, "img2_stmt2": 0.4}
                """);
        // Quantity: 0/1 (tie), Texts: 1/2; average 0.25; benchmark order puts Quantity before Texts
        Map<String, Object> r = OfflineScoring.scoreMmvpVlm(f);
        assertThat(r).containsExactly(Map.entry("Quantity and Count", 0.0), Map.entry("Texts", 0.5),
                Map.entry("average", 0.25), Map.entry("pairs", 3));
    }

    @Test
    void blinkFile() throws IOException {
        // Counting: 1/2 (second answers (B) for (A)); Jigsaw: 1/1 by option text -> macro 0.75, micro 2/3
        Path f = write("blink.jsonl", """
                {"idx": "val_Counting_1", "subtask": "Counting", "choices": ["1", "2"], "answer": "(A)", "response": "(A)"}
                {"idx": "val_Counting_2", "subtask": "Counting", "choices": ["1", "2"], "answer": "(A)", "response": "Answer: B"}
                {"idx": "val_Jigsaw_1", "subtask": "Jigsaw", "choices": ["left piece", "right piece"], "answer": "(B)", "response": "The right piece."}
                """);
        Map<String, Object> r = OfflineScoring.scoreBlink(f);
        assertThat(r).containsExactly(Map.entry("Counting", 0.5), Map.entry("Jigsaw", 1.0),
                Map.entry("macro_average", 0.75), Map.entry("count", 3), Map.entry("unanswered", 0));
    }

    @Test
    void badCorrectAnswerIsReportedWithItsLine() throws IOException {
        Path f = write("bad.jsonl", "{\"idx\":\"x\",\"subtask\":\"S\",\"choices\":[\"a\",\"b\"],\"answer\":\"(C)\",\"response\":\"A\"}\n");
        assertThatThrownBy(() -> OfflineScoring.scoreBlink(f)).hasMessageContaining("line 1")
                .hasMessageContaining("only 2 options");
    }
}
