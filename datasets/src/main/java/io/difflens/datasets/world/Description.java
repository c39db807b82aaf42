package io.difflens.datasets.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A referring expression: the attributes that pick objects out of a scene. A {@code null} component is
 * unconstrained; at least one component must be set.
 *
 * @param size required size, or {@code null}
 * @param colour required colour, or {@code null}
 * @param shape required shape, or {@code null} (the noun is then "object")
 * @param cell required cell, or {@code null}
 */
public record Description(Size size, Colour colour, Shape shape, Cell cell) implements Predicate<SceneObject> {

    public Description {
        if (size == null && colour == null && shape == null && cell == null) {
            throw new IllegalArgumentException("a description needs at least one attribute");
        }
    }

    public static Description of(Shape shape) {
        return new Description(null, null, shape, null);
    }

    public static Description of(Colour colour, Shape shape) {
        return new Description(null, colour, shape, null);
    }

    @Override
    public boolean test(SceneObject o) {
        return (size == null || o.size() == size) && (colour == null || o.colour() == colour)
                && (shape == null || o.shape() == shape) && (cell == null || o.cell().equals(cell));
    }

    /** The single object this description picks out of the scene, if exactly one matches. */
    public Optional<SceneObject> resolve(Scene scene) {
        List<SceneObject> matches = scene.select(this);
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Whether the description constrains the given attribute. */
    public boolean uses(Attribute attribute) {
        return switch (attribute) {
            case SIZE -> size != null;
            case COLOUR -> colour != null;
            case SHAPE -> shape != null;
            case POSITION -> cell != null;
            case ORIENTATION -> false;
        };
    }

    /** Number of constrained components. */
    public int specificity() {
        return (size == null ? 0 : 1) + (colour == null ? 0 : 1) + (shape == null ? 0 : 1) + (cell == null ? 0 : 1);
    }

    /** E.g. {@code "the small red star"}, {@code "the object in the top left"}. */
    public String definite() {
        return "the " + words(false);
    }

    /** E.g. {@code "a small red star"}, {@code "an object in the center"}. */
    public String indefinite() {
        String w = words(false);
        return (startsWithVowel(w) ? "an " : "a ") + w;
    }

    /** E.g. {@code "small red stars"}, {@code "red objects"}. */
    public String plural() {
        return words(true);
    }

    private String words(boolean plural) {
        List<String> parts = new ArrayList<>(4);
        if (size != null) {
            parts.add(size.word());
        }
        if (colour != null) {
            parts.add(colour.word());
        }
        parts.add(shape == null ? (plural ? "objects" : "object") : plural ? shape.plural() : shape.noun());
        if (cell != null) {
            parts.add(cell.locative());
        }
        return String.join(" ", parts);
    }

    static boolean startsWithVowel(String w) {
        return !w.isEmpty() && "aeiou".indexOf(w.charAt(0)) >= 0;
    }
}
