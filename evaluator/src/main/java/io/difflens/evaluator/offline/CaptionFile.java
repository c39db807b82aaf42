package io.difflens.evaluator.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.evaluator.metrics.CaptionExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code {"images":[{"image_id":…, "references":["…"], "candidate":"…"}]}}. */
final class CaptionFile {
    private CaptionFile() {
    }

    static List<CaptionExample> read(Path file, ObjectMapper json) throws IOException {
        JsonNode root = json.readTree(file.toFile());
        JsonNode images = root == null ? null : root.get("images");
        if (images == null || !images.isArray()) {
            throw new IllegalArgumentException(file + ": expected an object with an \"images\" array");
        }
        List<CaptionExample> out = new ArrayList<>();
        int index = 0;
        for (JsonNode image : images) {
            String where = file + ": images[" + index++ + "]";
            JsonNode id = image.get("image_id");
            JsonNode refs = image.get("references");
            JsonNode cand = image.get("candidate");
            if (id == null || id.isNull() || id.isContainerNode()) {
                throw new IllegalArgumentException(where + " has no scalar \"image_id\"");
            }
            if (refs == null || !refs.isArray()) {
                throw new IllegalArgumentException(where + " (image " + id.asText() + ") has no \"references\" array");
            }
            if (cand == null || !cand.isTextual()) {
                throw new IllegalArgumentException(where + " (image " + id.asText() + ") has no string \"candidate\"");
            }
            List<String> references = new ArrayList<>();
            for (JsonNode r : refs) {
                if (!r.isTextual()) {
                    throw new IllegalArgumentException(where + " (image " + id.asText() + ") has a non-string reference: " + r);
                }
                references.add(r.asText());
            }
            out.add(new CaptionExample(id.asText(), references, cand.asText()));
        }
        return out;
    }
}
