package io.difflens.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.Conversation;
import io.difflens.datasets.Conversation.Speaker;
import io.difflens.datasets.Conversation.Turn;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.formats.internal.ImageFiles;
import io.difflens.datasets.formats.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LLaVA training JSON (pretrain 558k, mix665k): one array {@code [{id, image?, conversations:[{from: human|gpt,
 * value}]}]}; {@code image} is a path relative to an image folder given separately.
 */
public final class LlavaConversationFormat {

    /** File name of synthetic exports. */
    public static final String FILE = "conversations.json";
    /** Image folder of synthetic exports. */
    public static final String IMAGES = "images";

    private LlavaConversationFormat() {
    }

    /** Writes conversations as a JSON array (pretty-printed, as LLaVA ships them). */
    public static void write(Path file, List<Conversation> conversations) {
        ArrayNode root = Json.MAPPER.createArrayNode();
        for (Conversation c : conversations) {
            ObjectNode o = root.addObject();
            o.put("id", c.id());
            if (c.image() != null) {
                o.put("image", c.image());
            }
            ArrayNode turns = o.putArray("conversations");
            for (Turn t : c.turns()) {
                turns.addObject().put("from", t.from().wire()).put("value", t.value());
            }
        }
        Json.write(file, root, true);
    }

    /** Reads a conversation file; other fields (e.g. {@code model}) are ignored. */
    public static List<Conversation> read(Path file) {
        JsonNode root = Json.read(file);
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JSON array of conversations");
        }
        List<Conversation> out = new ArrayList<>();
        for (JsonNode n : root) {
            List<Turn> turns = new ArrayList<>();
            for (JsonNode t : n.path("conversations")) {
                turns.add(new Turn(Speaker.fromWire(Json.text(t, "from", file)), Json.text(t, "value", file)));
            }
            out.add(new Conversation(Json.text(n, "id", file), Json.optionalText(n, "image"), turns));
        }
        return out;
    }

    /** The image a conversation refers to, under an image folder. */
    public static ImageSource image(Path imageRoot, Conversation c) {
        if (c.image() == null) {
            throw new IllegalArgumentException("conversation " + c.id() + " has no image");
        }
        return ImageFiles.find(imageRoot, c.image());
    }

    /**
     * Exports question items as single-round conversations ({@code <image>\n} + prompt, answer): {@value #FILE}
     * and {@value #IMAGES}/ in {@code dir}. Returns the conversations written.
     */
    public static List<Conversation> writeQuestions(Path dir, List<QuestionItem> items) {
        List<Conversation> conversations = new ArrayList<>();
        for (QuestionItem item : items) {
            String image = ImageFiles.write(dir.resolve(IMAGES), item.id(), item.image());
            conversations.add(new Conversation(item.id(), image, List.of(
                    new Turn(Speaker.HUMAN, Conversation.IMAGE_TOKEN + "\n" + item.prompt()),
                    new Turn(Speaker.GPT, item.answer()))));
        }
        write(dir.resolve(FILE), conversations);
        return conversations;
    }
}
