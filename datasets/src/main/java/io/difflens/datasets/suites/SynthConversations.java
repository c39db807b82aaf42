package io.difflens.datasets.suites;

import io.difflens.datasets.Conversation;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.world.ConversationGenerator;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training conversations (not a benchmark): LLaVA-style multi-turn conversations about fresh scenes, each
 * with its image, named {@code <id>.png}.
 */
public final class SynthConversations {

    /** The generator's name, used in ids. */
    public static final String NAME = "synth-conversations";

    /**
     * One conversation with its image and scene.
     *
     * @param conversation the conversation (its {@code image} is the PNG's file name)
     * @param image the rendered scene
     * @param scene the scene
     */
    public record Example(Conversation conversation, ImageSource image, Scene scene) {
    }

    private final SceneGenerator scenes;
    private final SceneRenderer renderer;
    private final ConversationGenerator conversations = new ConversationGenerator();

    public SynthConversations(SuiteOptions options) {
        this.scenes = new SceneGenerator(options.scenes());
        this.renderer = new SceneRenderer(options.render());
    }

    /** {@code n} conversations of 1..{@code maxRounds} rounds from {@code seed}. */
    public List<Example> generate(long seed, int n, int maxRounds) {
        SynthVqa.requireCount(n);
        SplittableRandom root = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            Scene scene = scenes.generate(rng);
            String id = Ids.of(NAME, seed, i);
            Conversation c = conversations.conversation(id, id + ".png", scene, maxRounds, rng);
            out.add(new Example(c, ImageSource.of(renderer.png(scene)), scene));
        }
        return out;
    }
}
