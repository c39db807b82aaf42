package io.difflens.datasets.world;

import java.util.Locale;

/** What a question asks, each in one MMVP {@link VisualPattern}. The {@link #key()} is the suites' category. */
public enum QuestionKind {
    COLOR(VisualPattern.COLOR_AND_APPEARANCE),
    SHAPE(VisualPattern.STRUCTURAL_CHARACTERISTICS),
    SIZE(VisualPattern.STRUCTURAL_CHARACTERISTICS),
    COUNT(VisualPattern.QUANTITY_AND_COUNT),
    POSITION(VisualPattern.POSITIONAL_AND_RELATIONAL_CONTEXT),
    RELATION(VisualPattern.POSITIONAL_AND_RELATIONAL_CONTEXT),
    ORIENTATION(VisualPattern.ORIENTATION_AND_DIRECTION),
    EXISTENCE(VisualPattern.PRESENCE_OF_SPECIFIC_FEATURES);

    private final VisualPattern pattern;

    QuestionKind(VisualPattern pattern) {
        this.pattern = pattern;
    }

    public VisualPattern pattern() {
        return pattern;
    }

    /** Lower-case name used as a benchmark category, e.g. {@code "color"}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #key()}. */
    public static QuestionKind fromKey(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
