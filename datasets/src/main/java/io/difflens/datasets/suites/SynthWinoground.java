package io.difflens.datasets.suites;

import static io.difflens.datasets.world.SceneGenerator.pick;

import io.difflens.datasets.ImageSource;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.world.Cell;
import io.difflens.datasets.world.Colour;
import io.difflens.datasets.world.Description;
import io.difflens.datasets.world.Orientation;
import io.difflens.datasets.world.Relation;
import io.difflens.datasets.world.RelationStatement;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneConfig;
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
 * {@code synth-winoground}: two images and two captions made of the same words in a different order. Image 0
 * shows "a c1 s1 (relation) a c2 s2"; image 1 the {@link Swap}ped statement; both images share every other
 * object (distractors, which are never allowed to make the other caption true). Caption {@code i} is true of
 * image {@code i} and false of the other.
 */
public final class SynthWinoground {

    /** The suite's name. */
    public static final String NAME = "synth-winoground";

    /**
     * One generated group.
     *
     * @param item the benchmark item (category: the swap's key)
     * @param scenes the two scenes
     * @param statements the two captions' meanings
     * @param swap what the second caption swaps
     */
    public record Group(MatchingItem item, List<Scene> scenes, List<RelationStatement> statements, Swap swap) {
    }

    private final SceneConfig config;
    private final SceneRenderer renderer;

    public SynthWinoground(SuiteOptions options) {
        this.config = options.scenes();
        this.renderer = new SceneRenderer(options.render());
    }

    /** The suite of {@code n} groups from {@code seed}, the swap kinds taken in turn. */
    public Suite<MatchingItem> generate(long seed, int n) {
        return new Suite<>(NAME, seed, groups(seed, n).stream().map(Group::item).toList());
    }

    /** The groups with their scenes and statements. */
    public List<Group> groups(long seed, int n) {
        SynthVqa.requireCount(n);
        SplittableRandom root = new SplittableRandom(seed);
        List<Group> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            Swap swap = Swap.values()[i % Swap.values().length];
            for (int attempt = 0;; attempt++) {
                if (attempt >= SynthVqa.MAX_ATTEMPTS) {
                    throw new IllegalStateException("no " + swap + " group in " + attempt + " attempts with " + config);
                }
                Optional<Group> g = tryGroup(Ids.of(NAME, seed, i), swap, rng);
                if (g.isPresent()) {
                    out.add(g.get());
                    break;
                }
            }
        }
        return out;
    }

    private Optional<Group> tryGroup(String id, Swap swap, RandomGenerator rng) {
        List<Colour> colours = config.colourList();
        List<Shape> shapes = config.shapeList();
        Colour c1 = pick(colours, rng);
        Colour c2 = SceneGenerator.pickOther(colours, c1, rng);
        Shape s1 = pick(shapes, rng);
        Shape s2 = SceneGenerator.pickOther(shapes, s1, rng);
        Relation relation = pick(List.of(Relation.values()), rng);
        List<Cell> cells = SceneGenerator.shuffled(Cell.ALL, rng);
        Cell a = cells.get(0);
        Optional<Cell> maybeB = cells.stream().filter(c -> relation.holds(a, c)).findFirst();
        if (maybeB.isEmpty()) {
            return Optional.empty();
        }
        Cell b = maybeB.get();
        Size sizeA = pick(List.of(Size.values()), rng);
        Size sizeB = pick(List.of(Size.values()), rng);
        Orientation dirA = pick(Arrays.asList(Orientation.directions()), rng);
        Orientation dirB = pick(Arrays.asList(Orientation.directions()), rng);

        RelationStatement first = new RelationStatement(Description.of(c1, s1), relation, Description.of(c2, s2));
        RelationStatement second = switch (swap) {
            case COLOR -> new RelationStatement(Description.of(c2, s1), relation, Description.of(c1, s2));
            case SHAPE -> new RelationStatement(Description.of(c1, s2), relation, Description.of(c2, s1));
            case ORDER -> new RelationStatement(Description.of(c2, s2), relation, Description.of(c1, s1));
        };
        List<SceneObject> shared = distractors(cells.stream().filter(c -> !c.equals(a) && !c.equals(b)).toList(), rng);
        Scene scene0 = sceneOf(first, a, sizeA, dirA, b, sizeB, dirB, shared);
        Scene scene1 = sceneOf(second, a, sizeA, dirA, b, sizeB, dirB, shared);
        if (!first.holds(scene0) || second.holds(scene0) || !second.holds(scene1) || first.holds(scene1)) {
            return Optional.empty();
        }
        MatchingItem item = new MatchingItem(id,
                List.of(ImageSource.of(renderer.png(scene0)), ImageSource.of(renderer.png(scene1))),
                List.of(first.text(), second.text()), swap.key());
        return Optional.of(new Group(item, List.of(scene0, scene1), List.of(first, second), swap));
    }

    private List<SceneObject> distractors(List<Cell> free, RandomGenerator rng) {
        int total = Math.max(2, config.minObjects()) + rng.nextInt(Math.max(1, config.maxObjects() - 1));
        int count = Math.min(free.size(), Math.max(0, Math.min(total, config.maxObjects()) - 2));
        List<SceneObject> out = new ArrayList<>(count);
        for (Cell c : free.subList(0, count)) {
            Shape s = pick(config.shapeList(), rng);
            out.add(new SceneObject(s, pick(config.colourList(), rng), pick(List.of(Size.values()), rng), c,
                    s.oriented() ? pick(Arrays.asList(Orientation.directions()), rng) : Orientation.NONE));
        }
        return out;
    }

    private static Scene sceneOf(RelationStatement st, Cell a, Size sizeA, Orientation dirA, Cell b, Size sizeB,
            Orientation dirB, List<SceneObject> shared) {
        List<SceneObject> objects = new ArrayList<>(shared);
        objects.add(place(st.subject(), a, sizeA, dirA));
        objects.add(place(st.object(), b, sizeB, dirB));
        return new Scene(objects);
    }

    private static SceneObject place(Description d, Cell cell, Size size, Orientation dir) {
        return new SceneObject(d.shape(), d.colour(), size, cell, d.shape().oriented() ? dir : Orientation.NONE);
    }
}
