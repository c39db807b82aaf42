package io.difflens.platform.registry;

/**
 * Schema compatibility levels, as named by the Confluent schema-registry API.
 *
 * <p>BACKWARD: the new schema reads data written with the previous one (consumers upgrade first).
 * FORWARD: the previous schema reads data written with the new one (producers upgrade first). FULL: both.
 * The {@code _TRANSITIVE} variants check against every live version instead of the latest only.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether a new schema must read data written with the existing ones. */
    public boolean backward() {
        return backward;
    }

    /** Whether the existing schemas must read data written with a new one. */
    public boolean forward() {
        return forward;
    }

    /** Whether every live version is checked, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level name as the registry API spells it, naming the accepted values on error. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown compatibility level '" + name + "', expected one of "
                            + java.util.Arrays.toString(values()), e);
        }
    }
}
