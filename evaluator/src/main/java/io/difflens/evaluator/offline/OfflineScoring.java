package io.difflens.evaluator.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.metrics.Blink;
import io.difflens.evaluator.metrics.CaptionMetrics;
import io.difflens.evaluator.metrics.Mmvp;
import io.difflens.evaluator.metrics.MmvpVlm;
import io.difflens.evaluator.metrics.MultipleChoice;
import io.difflens.evaluator.metrics.Tokenization;
import io.difflens.evaluator.metrics.VqaAccuracy;
import io.difflens.evaluator.metrics.Winoground;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /**
     * {@code score winoground}: lines {@code {"id":…, "c0_i0":…, "c0_i1":…, "c1_i0":…, "c1_i1":…}} (score
     * of caption X with image Y) to {@code {"text", "image", "group", "count"}}.
     */
    public static Map<String, Object> scoreWinoground(Path jsonl) {
        List<Winoground.Example> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonLines.Line l : JsonLines.read(jsonl, JSON)) {
            String id = l.text("id");
            if (!ids.add(id)) {
                throw new IllegalArgumentException(l.where() + ": id " + id + " appears more than once");
            }
            examples.add(new Winoground.Example(id, l.number("c0_i0"), l.number("c0_i1"), l.number("c1_i0"),
                    l.number("c1_i1")));
        }
        Winoground.Result r = Winoground.score(examples);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", r.text());
        out.put("image", r.image());
        out.put("group", r.group());
        out.put("count", r.count());
        return out;
    }

    /**
     * {@code score vqa}: lines {@code {"question_id":…, "answer":"…", "references":["…", …]}} (references
     * may also be VQA-style {@code {"answer":"…"}} objects) to {@code {"accuracy", "exact_match", "count"}}:
     * the mean VQA soft accuracy and the mean exact match after VQA normalisation.
     */
    public static Map<String, Object> scoreVqa(Path jsonl) {
        double acc = 0;
        int exact = 0;
        int n = 0;
        for (JsonLines.Line l : JsonLines.read(jsonl, JSON)) {
            l.text("question_id");
            String answer = l.text("answer");
            List<String> refs = l.strings("references");
            if (refs.isEmpty()) {
                throw new IllegalArgumentException(l.where() + ": no references");
            }
            acc += VqaAccuracy.softAccuracy(answer, refs);
            exact += VqaAccuracy.exactMatch(answer, refs) ? 1 : 0;
            n++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", acc / n);
        out.put("exact_match", exact / (double) n);
        out.put("count", n);
        return out;
    }

    /**
     * {@code score mmvp}: lines {@code {"index":1, "options":"(a) Open (b) Closed", "correct_answer":"(a)",
     * "response":"…"}} (the columns of MMVP's Questions.csv plus the model's response; options may also be
     * a JSON array) to {@code {"pair_accuracy", "question_accuracy", "pairs", "unanswered"}}.
     */
    public static Map<String, Object> scoreMmvp(Path jsonl) {
        List<Mmvp.Answer> answers = new ArrayList<>();
        int unanswered = 0;
        for (JsonLines.Line l : JsonLines.read(jsonl, JSON)) {
            List<String> options = options(l);
            int correct = letterIndex(l, l.text("correct_answer"), options.size());
            MultipleChoice q = new MultipleChoice(l.text("response"), options, correct);
            unanswered += q.chosen().isEmpty() ? 1 : 0;
            answers.add(new Mmvp.Answer(l.integer("index"), q.correct()));
        }
        Mmvp.Result r = Mmvp.score(answers);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pair_accuracy", r.pairAccuracy());
        out.put("question_accuracy", r.questionAccuracy());
        out.put("pairs", r.pairs());
        out.put("unanswered", unanswered);
        return out;
    }

    /**
     * {@code score mmvp-vlm}: lines {@code {"pattern":"Texts", "img1_stmt1":…, "img1_stmt2":…,
     * "img2_stmt1":…, "img2_stmt2":…}} to the pair accuracy per pattern, then {@code "average"} and
     * {@code "pairs"}.
     */
    public static Map<String, Object> scoreMmvpVlm(Path jsonl) {
        List<MmvpVlm.Pair> pairs = new ArrayList<>();
        for (JsonLines.Line l : JsonLines.read(jsonl, JSON)) {
            pairs.add(new MmvpVlm.Pair(l.text("pattern"), l.number("img1_stmt1"), l.number("img1_stmt2"),
                    l.number("img2_stmt1"), l.number("img2_stmt2")));
        }
        MmvpVlm.Result r = MmvpVlm.score(pairs);
        Map<String, Object> out = new LinkedHashMap<>(r.perPattern());
        out.put("average", r.average());
        out.put("pairs", r.pairs());
        return out;
    }

    /**
     * {@code score blink}: lines {@code {"idx":"val_Art_Style_1", "subtask":"Art_Style", "choices":["…"],
     * "answer":"(A)", "response":"…"}} (BLINK's own fields plus the model's response) to the accuracy
     * per subtask (by name), then {@code "macro_average"}, {@code "count"} and {@code "unanswered"}.
     */
    public static Map<String, Object> scoreBlink(Path jsonl) {
        List<Blink.Answer> answers = new ArrayList<>();
        int unanswered = 0;
        for (JsonLines.Line l : JsonLines.read(jsonl, JSON)) {
            List<String> choices = l.strings("choices");
            int correct = letterIndex(l, l.text("answer"), choices.size());
            MultipleChoice q = new MultipleChoice(l.text("response"), choices, correct);
            unanswered += q.chosen().isEmpty() ? 1 : 0;
            answers.add(new Blink.Answer(l.text("subtask"), q.correct()));
        }
        Blink.Result r = Blink.score(answers);
        Map<String, Object> out = new LinkedHashMap<>(r.perSubtask());
        out.put("macro_average", r.macroAverage());
        out.put("count", r.count());
        out.put("unanswered", unanswered);
        return out;
    }

    private static final Pattern MMVP_OPTION = Pattern.compile("\\(([a-zA-Z])\\)\\s*([^(]*)");
    private static final Pattern LETTER = Pattern.compile("\\(?([A-Za-z])\\)?");

    /** MMVP writes its options as one string, "(a) Open (b) Closed"; a JSON array is accepted too. */
    private static List<String> options(JsonLines.Line l) {
        if (l.node().path("options").isArray()) {
            return l.strings("options");
        }
        String text = l.text("options");
        List<String> out = new ArrayList<>();
        Matcher m = MMVP_OPTION.matcher(text);
        while (m.find()) {
            out.add(m.group(2).strip());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(l.where() + ": cannot read options from \"" + text + "\"");
        }
        return out;
    }

    private static int letterIndex(JsonLines.Line l, String letter, int count) {
        Matcher m = LETTER.matcher(letter.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(l.where() + ": correct answer \"" + letter + "\" is not an option letter");
        }
        int index = Character.toUpperCase(m.group(1).charAt(0)) - 'A';
        if (index >= count) {
            throw new IllegalArgumentException(l.where() + ": correct answer " + letter + " but only " + count + " options");
        }
        return index;
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
