package io.difflens.datasets.suites;

import static io.difflens.datasets.world.SceneGenerator.pick;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.world.Cell;
import io.difflens.datasets.world.Colour;
import io.difflens.datasets.world.Description;
import io.difflens.datasets.world.Orientation;
import io.difflens.datasets.world.Query;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.QuestionGenerator;
import io.difflens.datasets.world.QuestionKind;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneObject;
import io.difflens.datasets.world.SceneRenderer;
import io.difflens.datasets.world.Shape;
import io.difflens.datasets.world.Size;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * {@code synth-mmvp}: MMVP-style pairs. Two images that differ in one attribute, one question with two options,
 * and the two images' correct options differ — so a model that ignores the image, or sees only what the two
 * images share, gets at most one of the pair right. The second image is an edit of the first that the question
 * is about (recolour the queried star, add one counted circle, swap the two related objects...), and both
 * answers are computed from the scenes.
 */
public final class SynthMmvp {

    /** The suite's name. */
    public static final String NAME = "synth-mmvp";

    /**
     * One generated pair.
     *
     * @param pairId the pair's id (the items' group id)
     * @param scenes the two scenes
     * @param questions the question asked of each scene: same text and options, different answers
     * @param variation how the second scene differs from the first
     * @param items the two benchmark items
     */
    public record Pair(String pairId, List<Scene> scenes, List<Question> questions, Variation variation,
            List<QuestionItem> items) {
    }

    private record Edit(Scene scene, Variation variation) {
    }

    private final SceneGenerator scenes;
    private final SceneRenderer renderer;
    private final QuestionGenerator questions = new QuestionGenerator();

    public SynthMmvp(SuiteOptions options) {
        this.scenes = new SceneGenerator(options.scenes());
        this.renderer = new SceneRenderer(options.render());
    }

    /** The suite of {@code pairs} pairs (2 x pairs items; rows 2k and 2k+1 form a pair) from {@code seed}. */
    public Suite<QuestionItem> generate(long seed, int pairs) {
        return new Suite<>(NAME, seed, pairs(seed, pairs).stream().flatMap(p -> p.items().stream()).toList());
    }

    /** The pairs with their scenes and questions, the question kinds taken in turn. */
    public List<Pair> pairs(long seed, int n) {
        SynthVqa.requireCount(n);
        SplittableRandom root = new SplittableRandom(seed);
        QuestionKind[] kinds = QuestionKind.values();
        List<Pair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            QuestionKind kind = kinds[i % kinds.length];
            for (int attempt = 0;; attempt++) {
                SynthVqa.requireAttempts(attempt, kind + " pair", scenes);
                Optional<Pair> pair = tryPair(Ids.of(NAME, seed, i), kind, rng);
                if (pair.isPresent()) {
                    out.add(pair.get());
                    break;
                }
            }
        }
        return out;
    }

    private Optional<Pair> tryPair(String pairId, QuestionKind kind, RandomGenerator rng) {
        Scene first = scenes.generate(rng);
        Optional<Question> asked = questions.ask(first, kind, rng);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        Query query = asked.get().query();
        Optional<Edit> edit = edit(first, query, rng);
        if (edit.isEmpty()) {
            return Optional.empty();
        }
        Scene second = edit.get().scene();
        Optional<String> secondAnswer = query.answer(second);
        String firstAnswer = asked.get().answer();
        if (secondAnswer.isEmpty() || secondAnswer.get().equals(firstAnswer)) {
            return Optional.empty();
        }
        List<String> options = rng.nextBoolean() ? List.of(firstAnswer, secondAnswer.get())
                : List.of(secondAnswer.get(), firstAnswer);
        String text = asked.get().text();
        List<Scene> pairScenes = List.of(first, second);
        List<Question> pairQuestions = new ArrayList<>(2);
        List<QuestionItem> items = new ArrayList<>(2);
        for (int m = 0; m < 2; m++) {
            Question q = Question.ask(pairScenes.get(m), query, text, options);
            pairQuestions.add(q);
            items.add(QuestionItem.of(pairId + "-" + m, ImageSource.of(renderer.png(pairScenes.get(m))), text,
                    options, q.answer(), kind.key(), pairId));
        }
        return Optional.of(new Pair(pairId, pairScenes, List.copyOf(pairQuestions), edit.get().variation(),
                List.copyOf(items)));
    }

    /** The scene edited so that the query's answer changes, by changing what the query is about. */
    private Optional<Edit> edit(Scene scene, Query query, RandomGenerator rng) {
        List<SceneObject> subjects = query.subjects(scene);
        List<Colour> colours = scenes.config().colourList();
        return switch (query.kind()) {
            case COLOR -> {
                SceneObject o = subjects.get(0);
                yield Optional.of(new Edit(scene.replace(o, o.withColour(SceneGenerator.pickOther(colours, o.colour(),
                        rng))), Variation.COLOUR));
            }
            case SHAPE -> {
                SceneObject o = subjects.get(0);
                List<Shape> alike = scenes.config().shapeList().stream()
                        .filter(s -> s != o.shape() && s.oriented() == o.shape().oriented()).toList();
                yield alike.isEmpty() ? Optional.empty() : Optional.of(new Edit(
                        scene.replace(o, o.withShape(pick(alike, rng), o.orientation())), Variation.SHAPE));
            }
            case SIZE -> {
                SceneObject o = subjects.get(0);
                Size other = o.size() == Size.SMALL ? Size.LARGE : Size.SMALL;
                yield Optional.of(new Edit(scene.replace(o, o.withSize(other)), Variation.SIZE));
            }
            case ORIENTATION -> {
                SceneObject o = subjects.get(0);
                Orientation other = SceneGenerator.pickOther(Arrays.asList(Orientation.directions()), o.orientation(),
                        rng);
                yield Optional.of(new Edit(scene.replace(o, o.withOrientation(other)), Variation.ORIENTATION));
            }
            case POSITION -> {
                SceneObject o = subjects.get(0);
                List<Cell> free = scene.freeCells();
                yield free.isEmpty() ? Optional.empty()
                        : Optional.of(new Edit(scene.replace(o, o.withCell(pick(free, rng))), Variation.POSITION));
            }
            case COUNT -> count(scene, ((Query.CountOf) query).what(), subjects, rng);
            case EXISTENCE -> existence(scene, ((Query.Exists) query).what(), subjects, rng);
            case RELATION -> {
                SceneObject a = subjects.get(0);
                SceneObject b = subjects.get(1);
                List<SceneObject> objects = new ArrayList<>(scene.objects());
                objects.set(objects.indexOf(a), a.withCell(b.cell()));
                objects.set(objects.indexOf(b), b.withCell(a.cell()));
                yield Optional.of(new Edit(new Scene(objects), Variation.SWAP));
            }
        };
    }

    private Optional<Edit> count(Scene scene, Description what, List<SceneObject> matching, RandomGenerator rng) {
        boolean canRemove = !matching.isEmpty() && scene.objects().size() > 1;
        boolean canAdd = !scene.freeCells().isEmpty();
        if (canRemove && (!canAdd || rng.nextBoolean())) {
            return Optional.of(new Edit(scene.remove(pick(matching, rng)), Variation.COUNT));
        }
        if (!canAdd) {
            return Optional.empty();
        }
        Cell cell = pick(scene.freeCells(), rng);
        SceneObject added;
        if (!matching.isEmpty()) {
            added = pick(matching, rng).withCell(cell);
        } else {
            Shape shape = what.shape() != null ? what.shape() : pick(scenes.config().shapeList(), rng);
            added = new SceneObject(shape,
                    what.colour() != null ? what.colour() : pick(scenes.config().colourList(), rng),
                    what.size() != null ? what.size() : pick(List.of(Size.values()), rng), cell,
                    shape.oriented() ? pick(Arrays.asList(Orientation.directions()), rng) : Orientation.NONE);
        }
        return Optional.of(new Edit(scene.add(added), Variation.COUNT));
    }

    /** Turns the only matching object into a near miss by recolouring it, or a near miss into a match. */
    private Optional<Edit> existence(Scene scene, Description what, List<SceneObject> matching, RandomGenerator rng) {
        if (what.colour() == null || what.shape() == null) {
            return Optional.empty();
        }
        if (matching.size() == 1) {
            SceneObject o = matching.get(0);
            Colour other = SceneGenerator.pickOther(scenes.config().colourList(), o.colour(), rng);
            return Optional.of(new Edit(scene.replace(o, o.withColour(other)), Variation.COLOUR));
        }
        if (!matching.isEmpty()) {
            return Optional.empty();
        }
        List<SceneObject> nearMisses = scene.select(o -> o.shape() == what.shape()
                && (what.size() == null || o.size() == what.size()));
        if (nearMisses.isEmpty()) {
            return Optional.empty();
        }
        SceneObject o = pick(nearMisses, rng);
        return Optional.of(new Edit(scene.replace(o, o.withColour(what.colour())), Variation.COLOUR));
    }
}
