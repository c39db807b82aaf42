package io.difflens.platform.topics;

import java.time.Duration;

/**
 * The topics of difflens's event model (DESIGN.md section 3), each with its defaults. The full name is
 * the configured prefix followed by {@link #suffix()}.
 */
public enum EventTopic {
    VQA_REQUESTS("vqa.requests", CleanupPolicy.DELETE, Duration.ofDays(7), 4 * MiB.ONE, Compression.PRODUCER),
    /** Tensors of 256x1280 fp16 and more: large records, compressed with zstd. */
    VQA_FEATURES("vqa.features", CleanupPolicy.DELETE, Duration.ofDays(1), 16 * MiB.ONE, Compression.ZSTD),
    VQA_ANSWERS("vqa.answers", CleanupPolicy.DELETE, Duration.ofDays(30), MiB.ONE, Compression.PRODUCER),
    VQA_LABELS("vqa.labels", CleanupPolicy.DELETE, Duration.ofDays(30), MiB.ONE, Compression.PRODUCER),
    ITM_REQUESTS("itm.requests", CleanupPolicy.DELETE, Duration.ofDays(7), 8 * MiB.ONE, Compression.PRODUCER),
    ITM_SCORES("itm.scores", CleanupPolicy.DELETE, Duration.ofDays(30), MiB.ONE, Compression.PRODUCER),
    TRAINING_EXAMPLES("training.examples", CleanupPolicy.DELETE, Duration.ofDays(30), 4 * MiB.ONE,
            Compression.PRODUCER),
    /** Newest release per adapter id is kept forever so a restarted service finds it. */
    MODEL_ADAPTERS("model.adapters", CleanupPolicy.COMPACT, TopicSpec.FOREVER, 16 * MiB.ONE, Compression.ZSTD),
    METRICS("metrics", CleanupPolicy.DELETE, Duration.ofDays(30), MiB.ONE, Compression.PRODUCER),
    /** Nothing is dropped silently: dead letters carry original bytes and are kept longer. */
    DEAD_LETTERS("dead-letters", CleanupPolicy.DELETE, Duration.ofDays(30), 16 * MiB.ONE, Compression.ZSTD);

    private final String suffix;
    private final CleanupPolicy cleanupPolicy;
    private final Duration retention;
    private final int maxMessageBytes;
    private final Compression compression;

    EventTopic(String suffix, CleanupPolicy cleanupPolicy, Duration retention, int maxMessageBytes,
               Compression compression) {
        this.suffix = suffix;
        this.cleanupPolicy = cleanupPolicy;
        this.retention = retention;
        this.maxMessageBytes = maxMessageBytes;
        this.compression = compression;
    }

    /** The name without prefix, e.g. {@code vqa.requests}; also the key used in configuration. */
    public String suffix() {
        return suffix;
    }

    /** Default cleanup policy. */
    public CleanupPolicy defaultCleanupPolicy() {
        return cleanupPolicy;
    }

    /** Default retention. */
    public Duration defaultRetention() {
        return retention;
    }

    /** Default {@code max.message.bytes}. */
    public int defaultMaxMessageBytes() {
        return maxMessageBytes;
    }

    /** Default topic compression. */
    public Compression defaultCompression() {
        return compression;
    }

    /** The topic whose suffix is {@code suffix}. */
    public static EventTopic fromSuffix(String suffix) {
        for (EventTopic t : values()) {
            if (t.suffix.equals(suffix)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic '" + suffix + "'");
    }

    // A nested holder because enum constants cannot refer to the enum's own static fields.
    private static final class MiB {
        static final int ONE = 1024 * 1024;
    }
}
