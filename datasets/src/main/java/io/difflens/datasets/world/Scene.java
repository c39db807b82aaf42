package io.difflens.datasets.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A scene: one to nine objects on a plain background, at most one per grid cell. The objects are kept in
 * row-major cell order, so two scenes with the same objects are equal and render to the same pixels.
 *
 * @param objects the objects, in row-major cell order
 */
public record Scene(List<SceneObject> objects) {

    public Scene {
        if (objects.isEmpty() || objects.size() > Cell.GRID * Cell.GRID) {
            throw new IllegalArgumentException("a scene holds 1.." + (Cell.GRID * Cell.GRID) + " objects, not "
                    + objects.size());
        }
        List<SceneObject> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparing(SceneObject::cell));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).cell().equals(sorted.get(i - 1).cell())) {
                throw new IllegalArgumentException("two objects share cell " + sorted.get(i).cell() + ": "
                        + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        objects = List.copyOf(sorted);
    }

    /** The object in a cell, if any. */
    public Optional<SceneObject> at(Cell cell) {
        return objects.stream().filter(o -> o.cell().equals(cell)).findFirst();
    }

    /** The objects a predicate selects, in canonical order. */
    public List<SceneObject> select(Predicate<SceneObject> predicate) {
        return objects.stream().filter(predicate).toList();
    }

    /** How many objects a predicate selects. */
    public int count(Predicate<SceneObject> predicate) {
        return (int) objects.stream().filter(predicate).count();
    }

    /** Cells without an object, in row-major order. */
    public List<Cell> freeCells() {
        return Cell.ALL.stream().filter(c -> at(c).isEmpty()).toList();
    }

    /** A copy where {@code old} is replaced by {@code replacement} (which may sit in another, free, cell). */
    public Scene replace(SceneObject old, SceneObject replacement) {
        List<SceneObject> copy = new ArrayList<>(objects);
        int i = copy.indexOf(old);
        if (i < 0) {
            throw new IllegalArgumentException(old + " is not in " + this);
        }
        copy.set(i, replacement);
        return new Scene(copy);
    }

    /** A copy with one more object, which must sit in a free cell. */
    public Scene add(SceneObject extra) {
        List<SceneObject> copy = new ArrayList<>(objects);
        copy.add(extra);
        return new Scene(copy);
    }

    /** A copy without an object; the scene must keep at least one. */
    public Scene remove(SceneObject gone) {
        List<SceneObject> copy = new ArrayList<>(objects);
        if (!copy.remove(gone)) {
            throw new IllegalArgumentException(gone + " is not in " + this);
        }
        return new Scene(copy);
    }
}
