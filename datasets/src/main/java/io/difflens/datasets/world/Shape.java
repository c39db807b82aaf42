package io.difflens.datasets.world;

import java.util.Locale;

/** The shapes of the world. Oriented shapes point in one of four {@link Orientation}s; the others have none. */
public enum Shape {
    CIRCLE(false),
    SQUARE(false),
    TRIANGLE(true),
    STAR(false),
    ARROW(true),
    DIAMOND(false),
    CROSS(false);

    private final boolean oriented;

    Shape(boolean oriented) {
        this.oriented = oriented;
    }

    /** Whether objects of this shape carry a direction (up, down, left, right). */
    public boolean oriented() {
        return oriented;
    }

    /** The English noun, e.g. {@code "star"}. */
    public String noun() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The English plural, e.g. {@code "crosses"}. */
    public String plural() {
        return this == CROSS ? "crosses" : noun() + "s";
    }
}
