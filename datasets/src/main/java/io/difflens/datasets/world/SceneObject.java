package io.difflens.datasets.world;

import java.util.Objects;

/**
 * One object of a scene.
 *
 * @param shape its shape
 * @param colour its fill colour
 * @param size small or large
 * @param cell where it sits on the 3x3 grid (centred in the cell)
 * @param orientation where it points: a real direction for oriented shapes, {@link Orientation#NONE} otherwise
 */
public record SceneObject(Shape shape, Colour colour, Size size, Cell cell, Orientation orientation) {

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(orientation, "orientation");
        if (shape.oriented() == (orientation == Orientation.NONE)) {
            throw new IllegalArgumentException("a " + shape.noun() + " cannot have orientation " + orientation
                    + (shape.oriented() ? ": it must point up, down, left or right" : ": it has no direction"));
        }
    }

    /** An unoriented object. */
    public static SceneObject of(Shape shape, Colour colour, Size size, Cell cell) {
        return new SceneObject(shape, colour, size, cell, Orientation.NONE);
    }

    public SceneObject withColour(Colour c) {
        return new SceneObject(shape, c, size, cell, orientation);
    }

    public SceneObject withSize(Size s) {
        return new SceneObject(shape, colour, s, cell, orientation);
    }

    public SceneObject withCell(Cell c) {
        return new SceneObject(shape, colour, size, c, orientation);
    }

    public SceneObject withOrientation(Orientation o) {
        return new SceneObject(shape, colour, size, cell, o);
    }

    /** A copy with another shape; the orientation is kept if both shapes are oriented, else set to fit. */
    public SceneObject withShape(Shape s, Orientation ifNowOriented) {
        Orientation o = !s.oriented() ? Orientation.NONE : shape.oriented() ? orientation : ifNowOriented;
        return new SceneObject(s, colour, size, cell, o);
    }

    /** E.g. {@code "small red arrow pointing left"} without article. */
    public String phrase() {
        String base = size.word() + " " + colour.word() + " " + shape.noun();
        return shape.oriented() ? base + " pointing " + orientation.word() : base;
    }
}
