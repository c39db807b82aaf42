package io.difflens.datasets.suites;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.QuestionGenerator;
import io.difflens.datasets.world.QuestionKind;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code synth-vqa}: open questions with short answers, the categories ({@link QuestionKind} keys) taken in turn
 * so that every category gets the same number of items (within one).
 */
public final class SynthVqa {

    /** The suite's name. */
    public static final String NAME = "synth-vqa";

    /**
     * One generated item with the scene and question it came from.
     *
     * @param item the benchmark item
     * @param scene the scene its image renders
     * @param question the question, with its query
     */
    public record Example(QuestionItem item, Scene scene, Question question) {
    }

    private final SceneGenerator scenes;
    private final SceneRenderer renderer;
    private final List<QuestionKind> kinds;
    private final QuestionGenerator questions = new QuestionGenerator();

    /** Every question kind in turn. */
    public SynthVqa(SuiteOptions options) {
        this(options, List.of(QuestionKind.values()));
    }

    /** Only the given question kinds, in turn (e.g. one category for a per-category run). */
    public SynthVqa(SuiteOptions options, List<QuestionKind> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("synth-vqa needs at least one question kind");
        }
        this.scenes = new SceneGenerator(options.scenes());
        this.renderer = new SceneRenderer(options.render());
        this.kinds = List.copyOf(kinds);
    }

    /** The suite of {@code n} items generated from {@code seed}. */
    public Suite<QuestionItem> generate(long seed, int n) {
        return new Suite<>(NAME, seed, examples(seed, n).stream().map(Example::item).toList());
    }

    /** The items with their scenes and questions. */
    public List<Example> examples(long seed, int n) {
        requireCount(n);
        SplittableRandom root = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            QuestionKind kind = kinds.get(i % kinds.size());
            for (int attempt = 0;; attempt++) {
                requireAttempts(attempt, kind + " question", scenes);
                Scene scene = scenes.generate(rng);
                Optional<Question> q = questions.ask(scene, kind, rng);
                if (q.isPresent()) {
                    String id = Ids.of(NAME, seed, i);
                    QuestionItem item = QuestionItem.of(id, ImageSource.of(renderer.png(scene)), q.get().text(),
                            List.of(), q.get().answer(), kind.key(), id);
                    out.add(new Example(item, scene, q.get()));
                    break;
                }
            }
        }
        return out;
    }

    /** Scenes drawn before giving up on a question kind the scene distribution cannot support. */
    static final int MAX_ATTEMPTS = 10_000;

    static void requireAttempts(int attempt, String what, SceneGenerator scenes) {
        if (attempt >= MAX_ATTEMPTS) {
            throw new IllegalStateException("no " + what + " in " + MAX_ATTEMPTS + " scenes of " + scenes.config()
                    + ": does the scene distribution allow it?");
        }
    }

    static void requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("item count must be >= 0, got " + n);
        }
    }
}
