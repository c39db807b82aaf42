package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Winoground ({@code facebook/winoground}): {@code examples.jsonl} with {@code id, image_0, image_1, caption_0,
 * caption_1, tag, secondary_tag, num_main_preds, collapsed_tag}, image names without extension, and the images
 * (PNG in the release, {@code images.zip} unpacked) in {@code images/} beside it. The reader takes the folder
 * holding {@code examples.jsonl} or its parent holding {@code data/examples.jsonl}. Items get id
 * {@code winoground-<id>} and category {@code tag}. The synthetic export writes numeric ids 0..n-1 and
 * {@code ex_<id>_img_<k>.png}, as the release does; tag and collapsed tag are the item's category.
 */
public final class WinogroundFormat {

    /** The examples file. */
    public static final String EXAMPLES = "examples.jsonl";
    /** The image folder beside it. */
    public static final String IMAGES = "images";

    private WinogroundFormat() {
    }

    /** Writes two-image, two-caption items. */
    public static void write(Path dir, List<MatchingItem> items) {
        List<ObjectNode> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MatchingItem item = items.get(i);
            if (item.images().size() != 2) {
                throw new IllegalArgumentException("Winoground groups have two images; " + item.id() + " has "
                        + item.images().size());
            }
            ObjectNode o = Json.object();
            o.put("id", i);
            for (int k = 0; k < 2; k++) {
                String base = "ex_" + i + "_img_" + k;
                ImageFiles.write(dir.resolve(IMAGES), base, item.images().get(k));
                o.put("image_" + k, base);
            }
            o.put("caption_0", item.captions().get(0));
            o.put("caption_1", item.captions().get(1));
            o.put("tag", item.category());
            o.put("secondary_tag", "");
            o.put("num_main_preds", 1);
            o.put("collapsed_tag", item.category());
            lines.add(o);
        }
        Json.writeLines(dir.resolve(EXAMPLES), lines);
    }

    /** Reads the benchmark. */
    public static Suite<MatchingItem> read(Path dir) {
        Path root = Files.isRegularFile(dir.resolve(EXAMPLES)) ? dir : dir.resolve("data");
        Path file = root.resolve(EXAMPLES);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + EXAMPLES + " in " + dir + " or its data/ folder");
        }
        List<MatchingItem> items = new ArrayList<>();
        for (JsonNode n : Json.readLines(file)) {
            String id = Json.text(n, "id", file);
            items.add(new MatchingItem("winoground-" + id,
                    List.of(ImageFiles.find(root.resolve(IMAGES), Json.text(n, "image_0", file)),
                            ImageFiles.find(root.resolve(IMAGES), Json.text(n, "image_1", file))),
                    List.of(Json.text(n, "caption_0", file), Json.text(n, "caption_1", file)),
                    Json.text(n, "tag", file)));
        }
        return new Suite<>("winoground", 0, items);
    }
}
