package io.difflens.datasets.world;

import static io.difflens.datasets.world.SceneGenerator.pick;

import io.difflens.datasets.Conversation;
import io.difflens.datasets.Conversation.Speaker;
import io.difflens.datasets.Conversation.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Multi-turn LLaVA-style conversations about a scene: a few questions of different kinds with their computed
 * short answers, sometimes opened by a request for a description answered with a full caption.
 */
public final class ConversationGenerator {

    private static final List<String> DESCRIBE = List.of("Describe the image briefly.", "What is in the image?",
            "Describe the objects in the picture.", "Give a short description of the image.");

    /** LLaVA-1.5's instruction for short-answer VQA, appended to a question turn now and then. */
    public static final String SHORT_ANSWER_HINT = "Answer the question using a single word or phrase.";

    private final QuestionGenerator questions = new QuestionGenerator();
    private final Captioner captioner = new Captioner();

    /**
     * A conversation of 1 to {@code maxRounds} question-answer rounds.
     *
     * @param id the conversation id
     * @param image the image file name it refers to
     */
    public Conversation conversation(String id, String image, Scene scene, int maxRounds, RandomGenerator rng) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
        }
        int rounds = 1 + rng.nextInt(maxRounds);
        List<Turn> turns = new ArrayList<>();
        if (rng.nextDouble() < 0.3) {
            turns.add(new Turn(Speaker.HUMAN, pick(DESCRIBE, rng)));
            turns.add(new Turn(Speaker.GPT, captioner.caption(scene, CaptionStyle.FULL, rng).text()));
        }
        List<Question> asked = SceneGenerator.shuffled(questions.askAll(scene, rng), rng);
        for (Question q : asked) {
            if (turns.size() >= 2 * rounds) {
                break;
            }
            String text = rng.nextDouble() < 0.3 ? q.text() + "\n" + SHORT_ANSWER_HINT : q.text();
            turns.add(new Turn(Speaker.HUMAN, text));
            turns.add(new Turn(Speaker.GPT, q.answer()));
        }
        Turn first = turns.get(0);
        String opened = rng.nextBoolean() ? Conversation.IMAGE_TOKEN + "\n" + first.value()
                : first.value() + "\n" + Conversation.IMAGE_TOKEN;
        turns.set(0, new Turn(Speaker.HUMAN, opened));
        return new Conversation(id, image, turns);
    }
}
