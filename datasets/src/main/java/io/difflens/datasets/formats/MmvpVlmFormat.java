package io.difflens.datasets.formats;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.Csv;
import io.difflens.datasets.formats.internal.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MMVP-VLM: {@code Questions.csv} with {@code Question ID, Type, Statement} and images
 * {@code MLLM_VLM Images/<Type>/<Question ID>.jpg} (the README says {@code MMVP_VLM_Images}; both are read, the
 * first is written). Consecutive rows (odd id first) are a pair: statement {@code i} describes image {@code i}.
 * The synthetic export writes PNG images named {@code <id>.png}.
 */
public final class MmvpVlmFormat {

    /** The image folder as distributed. */
    public static final String IMAGES = "MLLM_VLM Images";
    /** The image folder as the README spells it. */
    public static final String IMAGES_ALT = "MMVP_VLM_Images";
    /** The statement file. */
    public static final String QUESTIONS = "Questions.csv";

    private static final List<String> HEADER = List.of("Question ID", "Type", "Statement");

    private MmvpVlmFormat() {
    }

    /** Writes two-image matching items, the item's category as the {@code Type} (and folder name). */
    public static void write(Path dir, List<MatchingItem> items) {
        List<List<String>> rows = new ArrayList<>();
        int qid = 1;
        for (MatchingItem item : items) {
            if (item.images().size() != 2) {
                throw new IllegalArgumentException("MMVP-VLM pairs have two images; " + item.id() + " has "
                        + item.images().size());
            }
            String type = item.category();
            if (type.contains("/") || type.contains("\\") || type.startsWith(".")) {
                throw new IllegalArgumentException("type '" + type + "' of " + item.id() + " cannot be a folder name");
            }
            for (int m = 0; m < 2; m++, qid++) {
                ImageFiles.write(dir.resolve(IMAGES).resolve(type), Integer.toString(qid), item.images().get(m));
                rows.add(List.of(Integer.toString(qid), type, item.captions().get(m)));
            }
        }
        Csv.write(dir.resolve(QUESTIONS), HEADER, rows);
    }

    /** Reads the benchmark: one item per pair of rows, category = {@code Type}. */
    public static Suite<MatchingItem> read(Path dir) {
        Path csv = dir.resolve(QUESTIONS);
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no " + QUESTIONS + " in " + dir);
        }
        Path images = Files.isDirectory(dir.resolve(IMAGES)) ? dir.resolve(IMAGES) : dir.resolve(IMAGES_ALT);
        List<Map<String, String>> rows = Csv.read(csv);
        if (rows.size() % 2 != 0) {
            throw new IllegalArgumentException(csv + " has " + rows.size() + " rows; MMVP-VLM rows come in pairs");
        }
        List<MatchingItem> items = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 2) {
            Map<String, String> a = rows.get(i);
            Map<String, String> b = rows.get(i + 1);
            String type = Csv.cell(a, "Type", csv);
            if (!type.equals(Csv.cell(b, "Type", csv))) {
                throw new IllegalArgumentException(csv + ": rows " + (i + 1) + " and " + (i + 2)
                        + " form a pair but have types '" + type + "' and '" + Csv.cell(b, "Type", csv) + "'");
            }
            String qa = Csv.cell(a, "Question ID", csv);
            String qb = Csv.cell(b, "Question ID", csv);
            List<ImageSource> pair = List.of(ImageFiles.find(images.resolve(type), qa + ".jpg"),
                    ImageFiles.find(images.resolve(type), qb + ".jpg"));
            items.add(new MatchingItem("mmvp-vlm-" + qa, pair,
                    List.of(Csv.cell(a, "Statement", csv), Csv.cell(b, "Statement", csv)), type));
        }
        return new Suite<>("mmvp-vlm", 0, items);
    }
}
