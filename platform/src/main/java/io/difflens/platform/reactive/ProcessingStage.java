package io.difflens.platform.reactive;

import java.util.Locale;

/** The steps of one transactional batch, timed separately. */
public enum ProcessingStage {
    /** Turning raw input bytes into typed records. */
    DESERIALIZE,
    /** The user's batch function. */
    TRANSFORM,
    /** Beginning the transaction, serialising outputs and dead letters and handing them to the producer. */
    PRODUCE,
    /**
     * Flushing the outputs, sending the offsets and committing the transaction. With
     * {@link ProcessingConfig#commitOverlap()} on, the commit runs on a second thread while the next batch is
     * polled and transformed, and this is the time the processing thread <em>waited</em> for it (near zero
     * while the commit is shorter than the next batch's work), not the commit's own duration.
     */
    COMMIT;

    /** Lower-case name, as used in metric tags and dead letters. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
