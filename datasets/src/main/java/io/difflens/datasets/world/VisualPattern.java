package io.difflens.datasets.world;

/** The MMVP visual-pattern categories this world can express (MMVP has nine; text, state and viewpoint it cannot). */
public enum VisualPattern {
    COLOR_AND_APPEARANCE("Color and Appearance"),
    QUANTITY_AND_COUNT("Quantity and Count"),
    POSITIONAL_AND_RELATIONAL_CONTEXT("Positional and Relational Context"),
    ORIENTATION_AND_DIRECTION("Orientation and Direction"),
    PRESENCE_OF_SPECIFIC_FEATURES("Presence of Specific Features"),
    STRUCTURAL_CHARACTERISTICS("Structural Characteristics");

    private final String title;

    VisualPattern(String title) {
        this.title = title;
    }

    /** The pattern's name as MMVP and MMVP-VLM spell it (also the MMVP-VLM image folder name). */
    public String title() {
        return title;
    }

    /** Parses {@link #title()}. */
    public static VisualPattern fromTitle(String title) {
        for (VisualPattern p : values()) {
            if (p.title.equalsIgnoreCase(title.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("no visual pattern is called '" + title + "'");
    }
}
