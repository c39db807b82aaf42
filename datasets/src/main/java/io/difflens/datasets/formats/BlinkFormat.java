package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                o.put("answer", item.answerLetter().toUpperCase(java.util.Locale.ROOT));
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

    /** Reads every subtask folder under {@code root} that has {@code <split>.jsonl}, subtasks in name order. */
    public static Suite<QuestionItem> read(Path root, String split) {
        List<QuestionItem> items = new ArrayList<>();
        List<Path> subtasks;
        try (Stream<Path> s = Files.list(root)) {
            subtasks = s.filter(p -> Files.isRegularFile(p.resolve(split + ".jsonl"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (subtasks.isEmpty()) {
            throw new IllegalArgumentException("no <subtask>/" + split + ".jsonl under " + root);
        }
        for (Path dir : subtasks) {
            String subtask = dir.getFileName().toString();
            Path file = dir.resolve(split + ".jsonl");
            for (JsonNode n : Json.readLines(file)) {
                List<String> choices = new ArrayList<>();
                n.path("choices").forEach(c -> choices.add(c.asText()));
                int answer = MmvpFormat.letterIndex(Json.text(n, "answer", file), choices, file, items.size());
                List<ImageSource> images = new ArrayList<>();
                for (int k = 1; k <= MAX_IMAGES; k++) {
                    String path = Json.optionalText(n, "image_" + k);
                    if (path != null && !path.isBlank()) {
                        images.add(ImageFiles.find(dir, path));
                    }
                }
                String id = subtask + "-" + Json.text(n, "idx", file);
                items.add(new QuestionItem(id, images, Json.text(n, "question", file), choices, choices.get(answer),
                        subtask, id));
            }
        }
        return new Suite<>("blink", 0, items);
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
