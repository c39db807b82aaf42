package io.difflens.ingest.validation;

import java.util.List;

/**
 * Options as a client sent them (form fields, JSON values rendered as text, JSONL); every component may be
 * {@code null} (= default). {@link OptionsValidator} turns this into {@link VqaOptions}.
 */
public record RawOptions(
    String featureMode,
    String guidanceScale,
    String timestep,
    String maxNewTokens,
    String seed,
    List<String> layers) {

  /** Nothing given. */
  public static final RawOptions NONE = new RawOptions(null, null, null, null, null, null);

  public RawOptions {
    layers = layers == null ? null : List.copyOf(layers);
  }
}
