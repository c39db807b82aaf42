package io.difflens.app.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.app.Main;
import io.difflens.evaluator.metrics.Tokenization;
import io.difflens.evaluator.offline.OfflineScoring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code difflens score ...} through the picocli entry point on small files. Expected numbers come from
 * pycocoevalcap's own output (captions) or are worked out by hand in each test from the benchmark's
 * definition.
 */
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A finished run: exit code, stdout, stderr. */
    record Run(int exitCode, String out, String err) {
        /** The last non-empty stdout line, parsed. */
        JsonNode lastJson() throws IOException {
            String[] lines = out.strip().split("\\R");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/score/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void captionsMatchPycocoevalcapAndPrintFullDoublePrecision() throws IOException {
        Path file = resource("captions-1.json");
        JsonNode expected = JSON.readTree(getClass().getResourceAsStream("/score/captions-1.expected.json"));
        Run r = run("score", "captions", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = r.lastJson();
        assertThat(keys(got)).containsExactly("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");
        for (String k : keys(got)) {
            assertThat(got.get(k).asDouble()).as(k).isCloseTo(expected.get(k).asDouble(), within(1e-12));
        }
        // the printed text reads back as exactly the library's doubles: no digits were lost on the way
        Map<String, Double> library = OfflineScoring.scoreCaptions(file, Tokenization.PTB);
        library.forEach((k, v) -> assertThat(got.get(k).asDouble()).as(k).isEqualTo(v));
    }

    @Test
    void captionsTokenizeNoneSplitsOnWhitespaceOnly() throws IOException {
        // One image, candidate = reference up to case and the final period. PTB lower-cases and drops the
        // period, so the candidate matches exactly, and pycocoevalcap still scores it just under 1: precision
        // r = (4 + 1e-15) / (4 + 1e-9) (its tiny and small constants), and the length ratio is the same r < 1,
        // so BLEU-1 = r * exp(1 - 1 / r). CIDEr-D of a one-image corpus is 0 (every n-gram has df = N = 1).
        // Whitespace splitting keeps "Dog." != "dog" and "A" != "a": 2 of 4 words match, BLEU-1 = 0.5.
        Path file = write("one.json",
                "{\"images\":[{\"image_id\":1,\"references\":[\"a big brown dog\"],\"candidate\":\"A big brown Dog.\"}]}");
        JsonNode ptb = run("score", "captions", file.toString(), "--tokenize", "ptb").lastJson();
        double ratio = (4 + 1e-15) / (4 + 1e-9);
        assertThat(ptb.get("Bleu_1").asDouble()).isLessThan(1.0).isCloseTo(ratio * Math.exp(1 - 1 / ratio), within(1e-15));
        assertThat(ptb.get("CIDEr").asDouble()).isZero();
        JsonNode none = run("score", "captions", file.toString(), "--tokenize", "none").lastJson();
        assertThat(none.get("Bleu_1").asDouble()).isCloseTo(0.5, within(1e-8));
    }

    @Test
    void winogroundCountsStrictWinsOnly() throws IOException {
        // w1: text (0.9 > 0.2 and 0.8 > 0.1), image (0.9 > 0.1 and 0.8 > 0.2): all right.
        // w2: text (0.5 > 0.4 and 0.6 > 0.5) right; image needs c0_i0 0.5 > c0_i1 0.5, a tie: wrong, so group wrong.
        Path file = write("w.jsonl",
                "{\"id\":\"w1\",\"c0_i0\":0.9,\"c0_i1\":0.1,\"c1_i0\":0.2,\"c1_i1\":0.8}",
                "{\"id\":\"w2\",\"c0_i0\":0.5,\"c0_i1\":0.5,\"c1_i0\":0.4,\"c1_i1\":0.6}");
        Run r = run("score", "winoground", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lastJson()).isEqualTo(JSON.readTree("{\"text\":1.0,\"image\":0.5,\"group\":0.5,\"count\":2}"));
    }

    @Test
    void vqaSoftAccuracyAndExactMatch() throws IOException {
        // q1: "Two" normalises to "2", all ten references agree: 1.
        // q2: no reference says "cat": 0.
        // q3: 2 of 10 say "red": over the ten leave-one-out subsets, 2 subsets keep one "red" (1/3) and 8 keep
        //     two (2/3): (2/3 + 16/3) / 10 = 0.6; it equals a reference, so exact match 1.
        // accuracy (1 + 0 + 0.6) / 3, exact match 2 / 3.
        String tenTwos = "[\"2\",\"2\",\"2\",\"2\",\"2\",\"2\",\"2\",\"2\",\"2\",\"2\"]";
        Path file = write("v.jsonl",
                "{\"question_id\":1,\"answer\":\"Two\",\"references\":" + tenTwos + "}",
                "{\"question_id\":2,\"answer\":\"cat\",\"references\":[\"dog\",\"dog\",\"dog\"]}",
                "{\"question_id\":3,\"answer\":\"red\",\"references\":[\"red\",\"red\",\"blue\",\"blue\",\"blue\","
                        + "\"blue\",\"blue\",\"blue\",\"blue\",\"blue\"]}");
        JsonNode got = run("score", "vqa", file.toString()).lastJson();
        assertThat(got.get("accuracy").asDouble()).isCloseTo(1.6 / 3, within(1e-12));
        assertThat(got.get("exact_match").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(got.get("count").asInt()).isEqualTo(3);
    }

    @Test
    void mmvpCountsAPairOnlyWhenBothQuestionsAreRight() throws IOException {
        // pair 1 (rows 1, 2): both right. pair 2 (rows 3, 4): row 4 answers (b) where (a) is correct.
        // pair accuracy 1/2, question accuracy 3/4, nothing unanswered.
        Path file = write("m.jsonl",
                "{\"index\":1,\"options\":\"(a) Open (b) Closed\",\"correct_answer\":\"(a)\",\"response\":\"(a) Open\"}",
                "{\"index\":2,\"options\":\"(a) Open (b) Closed\",\"correct_answer\":\"(b)\",\"response\":\"(b)\"}",
                "{\"index\":3,\"options\":\"(a) Yes (b) No\",\"correct_answer\":\"(a)\",\"response\":\"(a)\"}",
                "{\"index\":4,\"options\":\"(a) Yes (b) No\",\"correct_answer\":\"(a)\",\"response\":\"(b)\"}");
        JsonNode got = run("score", "mmvp", file.toString()).lastJson();
        assertThat(got).isEqualTo(JSON.readTree(
                "{\"pair_accuracy\":0.5,\"question_accuracy\":0.75,\"pairs\":2,\"unanswered\":0}"));
    }

    @Test
    void mmvpVlmAveragesPairAccuracyOverPatterns() throws IOException {
        // Texts: one pair right (0.3 > 0.2 and 0.4 > 0.1): 1. Orientation and Direction: one right, one with
        // image 2 preferring statement 1 (0.5 > 0.2): 1/2. Average (1/2 + 1) / 2 = 0.75, in benchmark order.
        Path file = write("p.jsonl",
                "{\"pattern\":\"Texts\",\"img1_stmt1\":0.3,\"img1_stmt2\":0.2,\"img2_stmt1\":0.1,\"img2_stmt2\":0.4}",
                "{\"pattern\":\"Orientation and Direction\",\"img1_stmt1\":0.3,\"img1_stmt2\":0.2,\"img2_stmt1\":0.1,"
                        + "\"img2_stmt2\":0.4}",
                "{\"pattern\":\"Orientation and Direction\",\"img1_stmt1\":0.3,\"img1_stmt2\":0.2,\"img2_stmt1\":0.5,"
                        + "\"img2_stmt2\":0.2}");
        Run r = run("score", "mmvp-vlm", file.toString());
        assertThat(r.lastJson()).isEqualTo(JSON.readTree(
                "{\"Orientation and Direction\":0.5,\"Texts\":1.0,\"average\":0.75,\"pairs\":3}"));
        assertThat(keys(r.lastJson())).containsExactly("Orientation and Direction", "Texts", "average", "pairs");
    }

    @Test
    void blinkMacroAveragesOverSubtasks() throws IOException {
        // Counting: 2 of 2 right (the option letter, the option text); Art_Style: 0 of 1 (an answer naming no
        // option is unanswered and wrong). Macro (1 + 0) / 2 = 0.5, count 3, unanswered 1.
        Path file = write("b.jsonl",
                "{\"idx\":\"val_Counting_1\",\"subtask\":\"Counting\",\"choices\":[\"1\",\"2\",\"3\",\"4\"],"
                        + "\"answer\":\"(B)\",\"response\":\"(B)\"}",
                "{\"idx\":\"val_Counting_2\",\"subtask\":\"Counting\",\"choices\":[\"one\",\"two\"],"
                        + "\"answer\":\"(A)\",\"response\":\"one\"}",
                "{\"idx\":\"val_Art_Style_1\",\"subtask\":\"Art_Style\",\"choices\":[\"left\",\"right\"],"
                        + "\"answer\":\"(A)\",\"response\":\"I cannot tell\"}");
        JsonNode got = run("score", "blink", file.toString()).lastJson();
        assertThat(got.get("Counting").asDouble()).isEqualTo(1.0);
        assertThat(got.get("Art_Style").asDouble()).isEqualTo(0.0);
        assertThat(got.get("macro_average").asDouble()).isEqualTo(0.5);
        assertThat(got.get("count").asInt()).isEqualTo(3);
        assertThat(got.get("unanswered").asInt()).isEqualTo(1);
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path missing = dir.resolve("nope.jsonl");
        Run r = run("score", "vqa", missing.toString());
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains(missing.toString()).contains("no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMalformedLineFailsNamingTheFileAndLine() throws IOException {
        Path file = write("bad.jsonl",
                "{\"id\":\"w1\",\"c0_i0\":0.9,\"c0_i1\":0.1,\"c1_i0\":0.2,\"c1_i1\":0.8}",
                "{\"id\":\"w2\",\"c0_i0\":\"high\",\"c0_i1\":0.1,\"c1_i0\":0.2,\"c1_i1\":0.8}");
        Run r = run("score", "winoground", file.toString());
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains(file + " line 2").contains("c0_i0");
    }

    @Test
    void aCaptionFileWithoutImagesFailsNamingTheFile() throws IOException {
        Path file = write("c.json", "{\"annotations\":[]}");
        Run r = run("score", "captions", file.toString());
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains(file.toString()).contains("images");
    }

    @Test
    void anUnknownTokenizationIsAUsageError() throws IOException {
        Path file = write("c.json", "{\"images\":[]}");
        Run r = run("score", "captions", file.toString(), "--tokenize", "spacy");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("ptb or none").contains("spacy");
    }
}
