package io.difflens.datasets.world;

/** Spatial relations between two objects on the grid; each holds only on a strict difference of row or column. */
public enum Relation {
    LEFT_OF("to the left of", "left of"),
    RIGHT_OF("to the right of", "right of"),
    ABOVE("above", "above"),
    BELOW("below", "below");

    private final String phrase;
    private final String shortPhrase;

    Relation(String phrase, String shortPhrase) {
        this.phrase = phrase;
        this.shortPhrase = shortPhrase;
    }

    /** E.g. {@code "to the left of"}. */
    public String phrase() {
        return phrase;
    }

    /** E.g. {@code "left of"}, for compact captions. */
    public String shortPhrase() {
        return shortPhrase;
    }

    /** Whether {@code a} stands in this relation to {@code b}. */
    public boolean holds(Cell a, Cell b) {
        return switch (this) {
            case LEFT_OF -> a.column() < b.column();
            case RIGHT_OF -> a.column() > b.column();
            case ABOVE -> a.row() < b.row();
            case BELOW -> a.row() > b.row();
        };
    }

    /** Whether the relation or its inverse holds, i.e. "is a ... of b?" has a clear answer. */
    public boolean decided(Cell a, Cell b) {
        return holds(a, b) || inverse().holds(a, b);
    }

    public Relation inverse() {
        return switch (this) {
            case LEFT_OF -> RIGHT_OF;
            case RIGHT_OF -> LEFT_OF;
            case ABOVE -> BELOW;
            case BELOW -> ABOVE;
        };
    }
}
