package io.difflens.datasets.world;

/** The wordings of a caption, from complete to question-like (the prompt varieties a conditioned UNet sees). */
public enum CaptionStyle {
    /** Every object with size, colour, shape, direction and position. */
    FULL,
    /** Every object grouped by colour and shape with counts, no positions: "two red circles and a blue star". */
    COUNTS,
    /** One or two objects only. */
    PARTIAL,
    /** Two objects and how they are placed: "a red circle to the left of a blue square". */
    RELATION,
    /** A question about the scene in place of a caption. */
    QUESTION
}
