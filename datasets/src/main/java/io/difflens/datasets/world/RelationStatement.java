package io.difflens.datasets.world;

import java.util.Objects;

/**
 * "A red circle left of a blue square": true of a scene when some object matching the subject stands in the
 * relation to some other object matching the object.
 *
 * @param subject what stands in the relation
 * @param relation the relation
 * @param object what the subject is related to
 */
public record RelationStatement(Description subject, Relation relation, Description object) {

    public RelationStatement {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(object, "object");
    }

    /** Whether the statement is true of the scene. */
    public boolean holds(Scene scene) {
        for (SceneObject x : scene.select(subject)) {
            for (SceneObject y : scene.select(object)) {
                if (!x.equals(y) && relation.holds(x.cell(), y.cell())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The compact caption, e.g. {@code "a red circle left of a blue square"}. */
    public String text() {
        return subject.indefinite() + " " + relation.shortPhrase() + " " + object.indefinite();
    }
}
