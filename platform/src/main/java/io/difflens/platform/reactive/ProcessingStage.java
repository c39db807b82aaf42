package io.difflens.platform.reactive;

import java.util.Locale;

/** The steps of one transactional batch, timed separately. */
public enum ProcessingStage {
    /** Turning raw input bytes into typed records. */
    DESERIALIZE,
    /** The user's batch function. */
    TRANSFORM,
    /** Serialising and sending outputs and dead letters. */
    PRODUCE,
    /** Sending offsets and committing the transaction. */
    COMMIT;

    /** Lower-case name, as used in metric tags and dead letters. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
