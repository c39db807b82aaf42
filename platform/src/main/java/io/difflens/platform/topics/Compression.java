package io.difflens.platform.topics;

import java.util.Locale;

/** Kafka's topic-level {@code compression.type}. */
public enum Compression {
    /** Keep whatever the producer used. */
    PRODUCER,
    UNCOMPRESSED,
    GZIP,
    SNAPPY,
    LZ4,
    ZSTD;

    /** The value Kafka expects in the topic config. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a topic config value such as {@code zstd}. */
    public static Compression fromConfigValue(String value) {
        for (Compression c : values()) {
            if (c.configValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression.type '" + value
                + "'; expected one of producer, uncompressed, gzip, snappy, lz4, zstd");
    }
}
