package io.difflens.datasets.world;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The meaning of a question: a function from a scene to its canonical short answer. Answers are always computed
 * here from the scene model; a query whose answer would not be unique in a scene (its referent matches no object
 * or several) answers {@link Optional#empty()}, and no question is asked then.
 */
public sealed interface Query {

    /** What the query asks. */
    QuestionKind kind();

    /** The canonical short answer in this scene, or empty if the query is ill-posed there. */
    Optional<String> answer(Scene scene);

    /** The objects the query is about, when it is well-posed (for checks against rendered pixels). */
    List<SceneObject> subjects(Scene scene);

    /** Canonical answer for yes/no queries. */
    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** "What colour is X?" — X must be described without its colour. */
    record ColourOf(Description referent) implements Query {
        public ColourOf {
            requireNotUsing(referent, Attribute.COLOUR);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.COLOR;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return referent.resolve(scene).map(o -> o.colour().word());
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return referent.resolve(scene).stream().toList();
        }
    }

    /** "What shape is X?" — X must be described without its shape. */
    record ShapeOf(Description referent) implements Query {
        public ShapeOf {
            requireNotUsing(referent, Attribute.SHAPE);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.SHAPE;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return referent.resolve(scene).map(o -> o.shape().noun());
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return referent.resolve(scene).stream().toList();
        }
    }

    /** "Is X small or large?" — X must be described without its size. */
    record SizeOf(Description referent) implements Query {
        public SizeOf {
            requireNotUsing(referent, Attribute.SIZE);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.SIZE;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return referent.resolve(scene).map(o -> o.size().word());
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return referent.resolve(scene).stream().toList();
        }
    }

    /** "Where is X?" — answered with a cell name; X must be described without its position. */
    record PositionOf(Description referent) implements Query {
        public PositionOf {
            requireNotUsing(referent, Attribute.POSITION);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.POSITION;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return referent.resolve(scene).map(o -> o.cell().words());
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return referent.resolve(scene).stream().toList();
        }
    }

    /** "Which way does X point?" — X must be a single oriented object. */
    record OrientationOf(Description referent) implements Query {
        public OrientationOf {
            Objects.requireNonNull(referent, "referent");
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.ORIENTATION;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return referent.resolve(scene).filter(o -> o.shape().oriented()).map(o -> o.orientation().word());
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return referent.resolve(scene).stream().toList();
        }
    }

    /** "How many Xs are there?" — always well-posed; answered with digits. */
    record CountOf(Description what) implements Query {
        public CountOf {
            requireNotUsing(what, Attribute.POSITION);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.COUNT;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return Optional.of(Integer.toString(scene.count(what)));
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return scene.select(what);
        }
    }

    /** "Is there an X?" — always well-posed; yes or no. */
    record Exists(Description what) implements Query {
        public Exists {
            requireNotUsing(what, Attribute.POSITION);
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.EXISTENCE;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            return Optional.of(yesNo(scene.count(what) > 0));
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return scene.select(what);
        }
    }

    /**
     * "Is A (relation) B?" — A and B must each pick a single, distinct object, and the two must differ on the
     * relation's axis (two objects in one column are neither left nor right of each other: not asked).
     */
    record RelationOf(Description a, Relation relation, Description b) implements Query {
        public RelationOf {
            requireNotUsing(a, Attribute.POSITION);
            requireNotUsing(b, Attribute.POSITION);
            Objects.requireNonNull(relation, "relation");
        }

        @Override
        public QuestionKind kind() {
            return QuestionKind.RELATION;
        }

        @Override
        public Optional<String> answer(Scene scene) {
            Optional<SceneObject> x = a.resolve(scene);
            Optional<SceneObject> y = b.resolve(scene);
            if (x.isEmpty() || y.isEmpty() || x.get().equals(y.get())
                    || !relation.decided(x.get().cell(), y.get().cell())) {
                return Optional.empty();
            }
            return Optional.of(yesNo(relation.holds(x.get().cell(), y.get().cell())));
        }

        @Override
        public List<SceneObject> subjects(Scene scene) {
            return answer(scene).isEmpty() ? List.of() : List.of(a.resolve(scene).get(), b.resolve(scene).get());
        }
    }

    private static void requireNotUsing(Description d, Attribute attribute) {
        Objects.requireNonNull(d, "description");
        if (d.uses(attribute)) {
            throw new IllegalArgumentException("a question about " + attribute.word()
                    + " cannot describe its object by " + attribute.word() + ": " + d);
        }
    }
}
