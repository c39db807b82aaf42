package io.difflens.datasets.world;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What scenes the {@link SceneGenerator} draws.
 *
 * @param minObjects fewest objects per scene (at least 1)
 * @param maxObjects most objects per scene (at most 8, leaving a cell free so that counts and positions can be
 *     edited)
 * @param shapes shapes to draw from
 * @param colours colours to draw from
 * @param distractorRate probability that a new object shares exactly one of shape or colour with an earlier one
 * @param repeatRate probability that a new object repeats an earlier object's shape and colour (to count)
 * @param smallRate probability that an object is small
 */
public record SceneConfig(int minObjects, int maxObjects, Set<Shape> shapes, Set<Colour> colours,
        double distractorRate, double repeatRate, double smallRate) {

    /** The most objects a generated scene holds: one cell always stays free. */
    public static final int MAX_OBJECTS = Cell.GRID * Cell.GRID - 1;

    /** 1-8 objects of every shape and colour, half of the new objects distractors, a fifth repeats. */
    public static final SceneConfig DEFAULT = new SceneConfig(1, MAX_OBJECTS, EnumSet.allOf(Shape.class),
            EnumSet.allOf(Colour.class), 0.5, 0.2, 0.5);

    /**
     * Crowded scenes where the question matters: 4-8 objects, mostly small, many distractors. The world the
     * prototypes found necessary for question-conditioned features to have something to select.
     */
    public static final SceneConfig CROWDED = new SceneConfig(4, MAX_OBJECTS, EnumSet.allOf(Shape.class),
            EnumSet.allOf(Colour.class), 0.6, 0.2, 0.7);

    public SceneConfig {
        if (minObjects < 1 || maxObjects > MAX_OBJECTS || minObjects > maxObjects) {
            throw new IllegalArgumentException("objects per scene must satisfy 1 <= min <= max <= " + MAX_OBJECTS
                    + ", got min " + minObjects + ", max " + maxObjects);
        }
        if (shapes.size() < 2 || colours.size() < 2) {
            throw new IllegalArgumentException("need at least two shapes and two colours for distractors, got "
                    + shapes + " and " + colours);
        }
        for (double p : List.of(distractorRate, repeatRate, smallRate)) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("rates must be probabilities, got distractorRate "
                        + distractorRate + ", repeatRate " + repeatRate + ", smallRate " + smallRate);
            }
        }
        if (distractorRate + repeatRate > 1) {
            throw new IllegalArgumentException("distractorRate + repeatRate must not exceed 1, got "
                    + distractorRate + " + " + repeatRate);
        }
        // EnumSet iterates in declaration order (Set.copyOf would not: its order changes between JVM runs),
        // so random draws by index pick the same element on every JVM.
        shapes = Collections.unmodifiableSet(EnumSet.copyOf(shapes));
        colours = Collections.unmodifiableSet(EnumSet.copyOf(colours));
    }

    /** Shapes in declaration order (the order random draws index into). */
    public List<Shape> shapeList() {
        return List.copyOf(shapes);
    }

    /** Colours in declaration order (the order random draws index into). */
    public List<Colour> colourList() {
        return List.copyOf(colours);
    }

    public SceneConfig withObjects(int min, int max) {
        return new SceneConfig(min, max, shapes, colours, distractorRate, repeatRate, smallRate);
    }
}
