package io.difflens.platform.topics;

import java.util.Locale;

/** Kafka's {@code cleanup.policy}. */
public enum CleanupPolicy {
    /** Segments are deleted after the retention time or size. */
    DELETE("delete"),
    /** Only the newest record per key is kept (e.g. adapter releases). */
    COMPACT("compact"),
    /** Compacted, and old segments are also deleted after the retention time. */
    COMPACT_DELETE("compact,delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value Kafka expects in the topic config. */
    public String configValue() {
        return configValue;
    }

    /** Parses a topic config value; the order of {@code compact,delete} does not matter. */
    public static CleanupPolicy fromConfigValue(String value) {
        String normalised = value == null ? "" : value.replace(" ", "").toLowerCase(Locale.ROOT);
        return switch (normalised) {
            case "delete" -> DELETE;
            case "compact" -> COMPACT;
            case "compact,delete", "delete,compact" -> COMPACT_DELETE;
            default -> throw new IllegalArgumentException("unknown cleanup.policy '" + value
                    + "'; expected delete, compact or compact,delete");
        };
    }
}
