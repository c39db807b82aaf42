package io.difflens.datasets.suites;

import java.util.Locale;

/** What a {@code synth-winoground} group's second caption swaps in the first; the key is the category. */
public enum Swap {
    /** "a red circle left of a blue square" / "a blue circle left of a red square" */
    COLOR,
    /** "a red circle left of a blue square" / "a red square left of a blue circle" */
    SHAPE,
    /** "a red circle left of a blue square" / "a blue square left of a red circle" */
    ORDER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
