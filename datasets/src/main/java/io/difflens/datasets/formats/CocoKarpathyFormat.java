package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.CaptionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * COCO captions in Karpathy's split file {@code dataset_coco.json}: {@code {"images":[{filepath, filename,
 * imgid, cocoid, split, sentids, sentences:[{tokens, raw, imgid, sentid}]}], "dataset":"coco"}}; images at
 * {@code <image root>/<filepath>/<filename>}. Split {@code restval} reads as {@code train}. Items get id
 * {@code coco-<cocoid>}. The synthetic export puts images in {@code images/} beside the JSON.
 */
public final class CocoKarpathyFormat {

    /** The split file's name. */
    public static final String FILE = "dataset_coco.json";
    /** Image sub-folder of synthetic exports. */
    public static final String IMAGES = "images";

    private CocoKarpathyFormat() {
    }

    /** Writes items: {@code dir/dataset_coco.json} and {@code dir/images/}; cocoid and imgid are the index. */
    public static void write(Path dir, List<CaptionItem> items) {
        ObjectNode root = Json.object();
        ArrayNode images = root.putArray("images");
        int sentid = 0;
        for (int i = 0; i < items.size(); i++) {
            CaptionItem item = items.get(i);
            String filename = ImageFiles.write(dir.resolve(IMAGES), String.format(Locale.ROOT, "%012d", i),
                    item.image());
            ObjectNode img = images.addObject();
            img.put("filepath", IMAGES);
            img.put("filename", filename);
            img.put("imgid", i);
            img.put("cocoid", i);
            img.put("split", item.split());
            ArrayNode sentids = img.putArray("sentids");
            ArrayNode sentences = img.putArray("sentences");
            for (String raw : item.references()) {
                sentids.add(sentid);
                ObjectNode s = sentences.addObject();
                ArrayNode tokens = s.putArray("tokens");
                tokenize(raw).forEach(tokens::add);
                s.put("raw", raw);
                s.put("imgid", i);
                s.put("sentid", sentid);
                sentid++;
            }
        }
        root.put("dataset", "coco");
        Json.write(dir.resolve(FILE), root, false);
    }

    /** Reads the items of the given splits ({@code restval} counted as {@code train}), images beside the JSON. */
    public static Suite<CaptionItem> read(Path dir, Set<String> splits) {
        return read(dir.resolve(FILE), dir, splits);
    }

    /** Reads the items of the given splits from a split file, images under {@code imageRoot}. */
    public static Suite<CaptionItem> read(Path file, Path imageRoot, Set<String> splits) {
        JsonNode root = Json.read(file);
        List<CaptionItem> items = new ArrayList<>();
        for (JsonNode img : root.path("images")) {
            String split = Json.text(img, "split", file);
            if (split.equals("restval")) {
                split = "train";
            }
            if (!splits.contains(split)) {
                continue;
            }
            List<String> refs = new ArrayList<>();
            img.path("sentences").forEach(s -> refs.add(Json.text(s, "raw", file).strip()));
            String filepath = Json.optionalText(img, "filepath");
            Path folder = filepath == null ? imageRoot : imageRoot.resolve(filepath);
            items.add(new CaptionItem("coco-" + Json.text(img, "cocoid", file),
                    ImageFiles.find(folder, Json.text(img, "filename", file)), CaptionItem.DEFAULT_PROMPT, refs, split));
        }
        return new Suite<>("coco-karpathy", 0, items);
    }

    /** Karpathy-style tokens: lower case, split on anything but letters and digits. */
    public static List<String> tokenize(String raw) {
        return Arrays.stream(raw.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).filter(t -> !t.isEmpty()).toList();
    }
}
