package io.difflens.datasets.world;

import java.util.Locale;

/** The direction an oriented shape (arrow, triangle) points to; {@link #NONE} for every other shape. */
public enum Orientation {
    NONE(0),
    UP(0),
    RIGHT(1),
    DOWN(2),
    LEFT(3);

    private final int quarterTurns;

    Orientation(int quarterTurns) {
        this.quarterTurns = quarterTurns;
    }

    /** Clockwise quarter turns from the shape's drawn "up" form. */
    public int quarterTurns() {
        return quarterTurns;
    }

    /** The four real directions, in clockwise order. */
    public static Orientation[] directions() {
        return new Orientation[] {UP, RIGHT, DOWN, LEFT};
    }

    /** The English word, e.g. {@code "left"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The opposite direction; {@link #NONE} stays {@link #NONE}. */
    public Orientation opposite() {
        return switch (this) {
            case NONE -> NONE;
            case UP -> DOWN;
            case DOWN -> UP;
            case LEFT -> RIGHT;
            case RIGHT -> LEFT;
        };
    }
}
