package io.difflens.featureextractor.internal;

/** A request the service will not process, with a reason readable by its sender. */
public final class RejectedException extends RuntimeException {
    public RejectedException(String reason) {
        super(reason, null, false, false);
    }
}
