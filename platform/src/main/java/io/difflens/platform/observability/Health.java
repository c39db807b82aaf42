package io.difflens.platform.observability;

import java.util.Objects;

/**
 * The result of one health check.
 *
 * @param status UP or DOWN
 * @param detail a short readable explanation (never a secret)
 */
public record Health(Status status, String detail) {

    /** Whether a component works. */
    public enum Status { UP, DOWN }

    /** Requires a status; a null detail becomes empty. */
    public Health {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** A healthy result. */
    public static Health up(String detail) {
        return new Health(Status.UP, detail);
    }

    /** An unhealthy result. */
    public static Health down(String detail) {
        return new Health(Status.DOWN, detail);
    }
}
