package io.difflens.datasets.world;

import java.util.Locale;

/** The attributes an object has, and that a benchmark pair can vary. */
public enum Attribute {
    COLOUR,
    SHAPE,
    SIZE,
    POSITION,
    ORIENTATION;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
