package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * LLaVA-Bench-in-the-Wild ({@code liuhaotian/llava-bench-in-the-wild}): in one folder, {@code questions.jsonl}
 * ({@code image, text, category, question_id}), {@code context.jsonl} ({@code image, caption}), reference answers
 * {@code answers_gpt4.jsonl} ({@code question_id, prompt, text, answer_id, model_id, metadata}) and
 * {@code images/}. Scoring needs an LLM judge, which is the evaluator's business; this class only reads and
 * writes the files.
 */
public final class LlavaBenchFormat {

    public static final String QUESTIONS = "questions.jsonl";
    public static final String CONTEXT = "context.jsonl";
    public static final String REFERENCE_ANSWERS = "answers_gpt4.jsonl";
    public static final String IMAGES = "images";

    private LlavaBenchFormat() {
    }

    /** Writes questions, contexts (one per image) and reference answers (where present), and the images. */
    public static void write(Path dir, List<LlavaBenchQuestion> questions) {
        List<ObjectNode> qs = new ArrayList<>();
        Map<String, String> contexts = new LinkedHashMap<>();
        List<LlavaBenchAnswer> refs = new ArrayList<>();
        Map<String, Boolean> written = new LinkedHashMap<>();
        for (LlavaBenchQuestion q : questions) {
            if (written.putIfAbsent(q.imageName(), true) == null) {
                String base = ImageFiles.stripExtension(q.imageName());
                String name = ImageFiles.write(dir.resolve(IMAGES), base, q.image());
                if (!name.equals(q.imageName())) {
                    throw new IllegalArgumentException("image name " + q.imageName() + " does not match its content ("
                            + name + ")");
                }
            }
            ObjectNode o = Json.object();
            o.put("image", q.imageName());
            o.put("text", q.text());
            o.put("category", q.category());
            o.put("question_id", q.questionId());
            qs.add(o);
            if (q.context() != null) {
                contexts.putIfAbsent(q.imageName(), q.context());
            }
            if (q.referenceAnswer() != null) {
                refs.add(new LlavaBenchAnswer(q.questionId(), q.text(), q.referenceAnswer(), "ref-" + q.questionId(),
                        "reference"));
            }
        }
        Json.writeLines(dir.resolve(QUESTIONS), qs);
        List<ObjectNode> ctx = new ArrayList<>();
        contexts.forEach((image, caption) -> {
            ObjectNode o = Json.object();
            o.put("image", image);
            o.put("caption", caption);
            ctx.add(o);
        });
        Json.writeLines(dir.resolve(CONTEXT), ctx);
        writeAnswers(dir.resolve(REFERENCE_ANSWERS), refs);
    }

    /** Reads the questions, joined with their contexts and (if the file exists) reference answers. */
    public static Suite<LlavaBenchQuestion> read(Path dir) {
        Path qfile = dir.resolve(QUESTIONS);
        if (!Files.isRegularFile(qfile)) {
            throw new IllegalArgumentException("no " + QUESTIONS + " in " + dir);
        }
        Map<String, String> contexts = new TreeMap<>();
        Path cfile = dir.resolve(CONTEXT);
        if (Files.isRegularFile(cfile)) {
            for (JsonNode n : Json.readLines(cfile)) {
                contexts.put(Json.text(n, "image", cfile), Json.text(n, "caption", cfile));
            }
        }
        Map<Integer, String> answers = new TreeMap<>();
        Path afile = dir.resolve(REFERENCE_ANSWERS);
        if (Files.isRegularFile(afile)) {
            readAnswers(afile).forEach(a -> answers.put(a.questionId(), a.text()));
        }
        List<LlavaBenchQuestion> out = new ArrayList<>();
        for (JsonNode n : Json.readLines(qfile)) {
            String image = Json.text(n, "image", qfile);
            int id = Integer.parseInt(Json.text(n, "question_id", qfile));
            out.add(new LlavaBenchQuestion(id, image, ImageFiles.find(dir.resolve(IMAGES), image),
                    Json.text(n, "text", qfile), Json.text(n, "category", qfile), contexts.get(image), answers.get(id)));
        }
        return new Suite<>("llava-bench-in-the-wild", 0, out);
    }

    /** Writes an answers file (a model's answers or the references). */
    public static void writeAnswers(Path file, List<LlavaBenchAnswer> answers) {
        List<ObjectNode> lines = new ArrayList<>();
        for (LlavaBenchAnswer a : answers) {
            ObjectNode o = Json.object();
            o.put("question_id", a.questionId());
            o.put("prompt", a.prompt());
            o.put("text", a.text());
            o.put("answer_id", a.answerId());
            o.put("model_id", a.modelId());
            o.putObject("metadata");
            lines.add(o);
        }
        Json.writeLines(file, lines);
    }

    /** Reads an answers file. */
    public static List<LlavaBenchAnswer> readAnswers(Path file) {
        List<LlavaBenchAnswer> out = new ArrayList<>();
        for (JsonNode n : Json.readLines(file)) {
            out.add(new LlavaBenchAnswer(Integer.parseInt(Json.text(n, "question_id", file)),
                    Json.optionalText(n, "prompt") == null ? "" : n.get("prompt").asText(), Json.text(n, "text", file),
                    Json.optionalText(n, "answer_id") == null ? "" : n.get("answer_id").asText(),
                    Json.optionalText(n, "model_id") == null ? "" : n.get("model_id").asText()));
        }
        return out;
    }
}
