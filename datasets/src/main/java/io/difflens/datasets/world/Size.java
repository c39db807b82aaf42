package io.difflens.datasets.world;

import java.util.Locale;

/** Two sizes, as a fraction of a grid cell's half-width: the object's outer radius. */
public enum Size {
    SMALL(0.26),
    LARGE(0.44);

    private final double radiusInCells;

    Size(double radiusInCells) {
        this.radiusInCells = radiusInCells;
    }

    /** Outer radius as a fraction of the cell width (a large object nearly fills its cell, no two objects touch). */
    public double radiusInCells() {
        return radiusInCells;
    }

    /** The English adjective, e.g. {@code "small"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
