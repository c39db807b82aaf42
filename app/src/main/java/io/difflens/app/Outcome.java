package io.difflens.app;

/**
 * What a command achieved. Commands return an outcome and never choose a process exit code themselves:
 * {@link Main} maps outcomes (and exceptions) to exit codes in one place.
 */
public enum Outcome {
  /** Everything the command was asked to do was done. */
  OK,
  /** The command ran, but what it checked is not healthy (e.g. {@code doctor} found a failing check). */
  UNHEALTHY,
  /** The command ran to the end, but rejected some of its inputs (e.g. {@code ingest} with invalid records). */
  PARTIAL
}
