package io.difflens.platform.observability;

/**
 * A named component's health, asked on every {@code /health} request. May block briefly (it runs off the
 * event loop); an exception counts as DOWN with the exception as detail.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Checks the component now. */
    Health check() throws Exception;
}
