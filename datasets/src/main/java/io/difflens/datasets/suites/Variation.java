package io.difflens.datasets.suites;

/** How the two images of a {@code synth-mmvp} pair differ. */
public enum Variation {
    /** One object has another colour. */
    COLOUR,
    /** One object has another shape (both oriented or both not, so nothing else changes). */
    SHAPE,
    /** One object has the other size. */
    SIZE,
    /** One oriented object points elsewhere. */
    ORIENTATION,
    /** One object sits in another, previously free, cell. */
    POSITION,
    /** The second image has one object more or one fewer. */
    COUNT,
    /** Two objects exchanged their cells. */
    SWAP
}
