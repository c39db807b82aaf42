package io.difflens.ingest.validation;

/**
 * A visual question exactly as a client or a dataset file supplied it, before validation. Any component may
 * be {@code null}; {@link VqaValidator} decides what is missing.
 *
 * @param id client-chosen request id, or {@code null} to have one generated
 * @param image the encoded image file
 * @param question the question
 * @param caption optional caption used as the text condition
 * @param options optional overrides
 */
public record RawVqaInput(String id, byte[] image, RawText question, RawText caption, RawOptions options) {}
