package io.difflens.datasets.world;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws random scenes. Deterministic: the same configuration and the same sequence of random numbers give the
 * same scene, on any JVM (all draws index into lists in enum declaration order; nothing iterates a hash map).
 */
public final class SceneGenerator {

    private final SceneConfig config;
    private final List<Shape> shapes;
    private final List<Colour> colours;

    public SceneGenerator(SceneConfig config) {
        this.config = config;
        this.shapes = config.shapeList();
        this.colours = config.colourList();
    }

    public SceneConfig config() {
        return config;
    }

    /** Draws one scene. */
    public Scene generate(RandomGenerator rng) {
        int n = config.minObjects() + rng.nextInt(config.maxObjects() - config.minObjects() + 1);
        List<Cell> cells = shuffled(Cell.ALL, rng).subList(0, n);
        List<SceneObject> objects = new ArrayList<>(n);
        for (Cell cell : cells) {
            objects.add(nextObject(objects, cell, rng));
        }
        return new Scene(objects);
    }

    private SceneObject nextObject(List<SceneObject> earlier, Cell cell, RandomGenerator rng) {
        Shape shape = pick(shapes, rng);
        Colour colour = pick(colours, rng);
        if (!earlier.isEmpty()) {
            double u = rng.nextDouble();
            SceneObject model = earlier.get(rng.nextInt(earlier.size()));
            if (u < config.repeatRate()) {
                shape = model.shape();
                colour = model.colour();
            } else if (u < config.repeatRate() + config.distractorRate()) {
                if (rng.nextBoolean()) {
                    shape = model.shape();
                    colour = pickOther(colours, model.colour(), rng);
                } else {
                    colour = model.colour();
                    shape = pickOther(shapes, model.shape(), rng);
                }
            }
        }
        Size size = rng.nextDouble() < config.smallRate() ? Size.SMALL : Size.LARGE;
        Orientation orientation = shape.oriented() ? pick(List.of(Orientation.directions()), rng) : Orientation.NONE;
        return new SceneObject(shape, colour, size, cell, orientation);
    }

    /** A uniformly random element. */
    public static <T> T pick(List<T> from, RandomGenerator rng) {
        if (from.isEmpty()) {
            throw new IllegalArgumentException("cannot pick from an empty list");
        }
        return from.get(rng.nextInt(from.size()));
    }

    /** A uniformly random element other than {@code not}. */
    public static <T> T pickOther(List<T> from, T not, RandomGenerator rng) {
        List<T> rest = from.stream().filter(x -> !x.equals(not)).toList();
        return pick(rest, rng);
    }

    /** A Fisher-Yates shuffled copy. */
    public static <T> List<T> shuffled(List<T> items, RandomGenerator rng) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return copy;
    }
}
