package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.Csv;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * BLINK ({@code BLINK-Benchmark/BLINK}, 14 subtasks, splits {@code val} and {@code test}). The Hugging Face
 * release is Parquet with embedded images, which this module does not read; the layout read here is that
 * release unpacked to JSON Lines, one folder per subtask:
 *
 * <pre>
 * &lt;root&gt;/&lt;Subtask&gt;/&lt;split&gt;.jsonl     one row per question: idx, question, choices (array), answer ("(A)"),
 *                                prompt, image_1 .. image_4 (paths relative to the subtask folder, or null)
 * &lt;root&gt;/&lt;Subtask&gt;/images/...         the images those paths name
 * </pre>
 *
 * A {@code <split>.csv} with the same columns is read when there is no JSON Lines file; its {@code choices} cell
 * holds a JSON array or a Python list literal (as {@code pandas.DataFrame.to_csv} writes it), and empty,
 * {@code None} or {@code null} image cells mean no image.
 *
 * Items: id {@code <Subtask>-<idx>}, category = subtask, options = choices, answer = the lettered choice, all
 * non-null images in order. BLINK's score is the macro-average of per-subtask accuracy.
 */
public final class BlinkFormat {

    private static final int MAX_IMAGES = 4;

    private BlinkFormat() {
    }

    /** Writes items of one split; each item's category is its subtask folder. */
    public static void write(Path root, String split, List<QuestionItem> items) {
        List<String> subtasks = items.stream().map(QuestionItem::category).distinct().toList();
        for (String subtask : subtasks) {
            List<ObjectNode> lines = new ArrayList<>();
            for (QuestionItem item : items) {
                if (!item.category().equals(subtask)) {
                    continue;
                }
                if (!item.multipleChoice() || item.images().size() > MAX_IMAGES) {
                    throw new IllegalArgumentException("BLINK items are multiple choice with 1.." + MAX_IMAGES
                            + " images; " + item.id() + " has " + item.options().size() + " options and "
                            + item.images().size() + " images");
                }
                ObjectNode o = Json.object();
                o.put("idx", item.id());
                o.put("question", item.question());
                ArrayNode choices = o.putArray("choices");
                item.options().forEach(choices::add);
                o.put("answer", item.answerLetter().toUpperCase(Locale.ROOT));
                o.put("prompt", prompt(item));
                for (int k = 0; k < MAX_IMAGES; k++) {
                    if (k < item.images().size()) {
                        String name = ImageFiles.write(root.resolve(subtask).resolve("images"),
                                safe(item.id()) + "_" + (k + 1), item.images().get(k));
                        o.put("image_" + (k + 1), "images/" + name);
                    } else {
                        o.putNull("image_" + (k + 1));
                    }
                }
                o.put("sub_task", subtask);
                lines.add(o);
            }
            Json.writeLines(root.resolve(subtask).resolve(split + ".jsonl"), lines);
        }
    }

    /**
     * Reads every subtask folder under {@code root} that has {@code <split>.jsonl} (or, failing that,
     * {@code <split>.csv}), subtasks in name order.
     */
    public static Suite<QuestionItem> read(Path root, String split) {
        List<Path> subtasks;
        try (Stream<Path> s = Files.list(root)) {
            subtasks = s.filter(p -> Files.isRegularFile(p.resolve(split + ".jsonl"))
                    || Files.isRegularFile(p.resolve(split + ".csv"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (subtasks.isEmpty()) {
            throw new IllegalArgumentException("no <subtask>/" + split + ".jsonl or .csv under " + root);
        }
        List<QuestionItem> items = new ArrayList<>();
        for (Path dir : subtasks) {
            String subtask = dir.getFileName().toString();
            Path jsonl = dir.resolve(split + ".jsonl");
            List<Row> rows = Files.isRegularFile(jsonl) ? jsonRows(jsonl) : csvRows(dir.resolve(split + ".csv"));
            for (Row r : rows) {
                int answer = MmvpFormat.letterIndex(r.answer(), r.choices(), r.file(), items.size());
                List<ImageSource> images = new ArrayList<>();
                for (String path : r.images()) {
                    images.add(ImageFiles.find(dir, path));
                }
                String id = subtask + "-" + r.idx();
                items.add(new QuestionItem(id, images, r.question(), r.choices(), r.choices().get(answer), subtask, id));
            }
        }
        return new Suite<>("blink", 0, items);
    }

    /** One question as stored, before its images are resolved. */
    private record Row(Path file, String idx, String question, List<String> choices, String answer,
            List<String> images) {
    }

    private static List<Row> jsonRows(Path file) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : Json.readLines(file)) {
            List<String> choices = new ArrayList<>();
            n.path("choices").forEach(c -> choices.add(c.asText()));
            List<String> images = new ArrayList<>();
            for (int k = 1; k <= MAX_IMAGES; k++) {
                String path = Json.optionalText(n, "image_" + k);
                if (path != null && !path.isBlank()) {
                    images.add(path);
                }
            }
            rows.add(new Row(file, Json.text(n, "idx", file), Json.text(n, "question", file), choices,
                    Json.text(n, "answer", file), images));
        }
        return rows;
    }

    /** CSV rows; {@code choices} holds a JSON array or a Python list literal (what pandas writes). */
    private static List<Row> csvRows(Path file) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : Csv.read(file)) {
            List<String> images = new ArrayList<>();
            for (int k = 1; k <= MAX_IMAGES; k++) {
                String path = r.getOrDefault("image_" + k, "").strip();
                if (!path.isEmpty() && !path.equals("None") && !path.equals("null")) {
                    images.add(path);
                }
            }
            rows.add(new Row(file, Csv.cell(r, "idx", file), Csv.cell(r, "question", file),
                    parseChoices(Csv.cell(r, "choices", file), file), Csv.cell(r, "answer", file), images));
        }
        return rows;
    }

    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Parses {@code ["a", "b"]} (JSON) or {@code ['a', 'b']} (Python). */
    static List<String> parseChoices(String text, Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node.isArray()) {
                List<String> out = new ArrayList<>();
                node.forEach(c -> out.add(c.asText()));
                return out;
            }
        } catch (IOException notJson) {
            // A Python list literal: read its quoted strings below.
        }
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2);
            out.add(v.replace("\\'", "'").replace("\\\"", "\""));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": choices '" + text + "' are neither a JSON nor a Python list");
        }
        return out;
    }

    /** BLINK's prompt: the question, an instruction, then one {@code (A) choice} per line. */
    public static String prompt(QuestionItem item) {
        StringBuilder b = new StringBuilder(item.question()).append("\nSelect from the following choices.");
        for (int i = 0; i < item.options().size(); i++) {
            b.append("\n(").append((char) ('A' + i)).append(") ").append(item.options().get(i));
        }
        return b.toString();
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
