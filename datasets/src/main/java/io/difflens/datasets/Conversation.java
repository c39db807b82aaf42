package io.difflens.datasets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A multi-turn conversation in the LLaVA training form: {@code {id, image?, conversations:[{from, value}]}},
 * human and gpt turns alternating from a human one; {@value #IMAGE_TOKEN} in the first human turn marks where
 * the visual tokens go.
 *
 * @param id unique id
 * @param image image file name relative to the image folder, or {@code null} for a text-only conversation
 * @param turns the turns, alternating human, gpt, human, gpt...
 */
public record Conversation(String id, String image, List<Turn> turns) {

    /** The placeholder for the visual tokens. */
    public static final String IMAGE_TOKEN = "<image>";

    public Conversation {
        QuestionItem.requireText(id, "id");
        turns = List.copyOf(turns);
        if (turns.size() < 2 || turns.size() % 2 != 0) {
            throw new IllegalArgumentException("conversation " + id + " needs human/gpt turn pairs, got "
                    + turns.size() + " turns");
        }
        for (int i = 0; i < turns.size(); i++) {
            Speaker expected = i % 2 == 0 ? Speaker.HUMAN : Speaker.GPT;
            if (turns.get(i).from() != expected) {
                throw new IllegalArgumentException("conversation " + id + ": turn " + i + " is from "
                        + turns.get(i).from() + ", expected " + expected);
            }
        }
        if (image != null && !turns.get(0).value().contains(IMAGE_TOKEN)) {
            throw new IllegalArgumentException("conversation " + id + " has image " + image
                    + " but its first turn lacks " + IMAGE_TOKEN);
        }
    }

    /** Who speaks a turn; {@link #wire()} is LLaVA's spelling. */
    public enum Speaker {
        HUMAN,
        GPT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Speaker fromWire(String s) {
            return switch (s) {
                case "human", "user" -> HUMAN;
                case "gpt", "assistant" -> GPT;
                default -> throw new IllegalArgumentException("unknown speaker '" + s + "' (human or gpt)");
            };
        }
    }

    /**
     * One turn.
     *
     * @param from the speaker
     * @param value the text
     */
    public record Turn(Speaker from, String value) {
        public Turn {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(value, "value");
        }
    }
}
