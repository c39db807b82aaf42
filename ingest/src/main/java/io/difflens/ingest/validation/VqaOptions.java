package io.difflens.ingest.validation;

import java.util.List;

/**
 * Validated per-request overrides; a {@code null} component means "the bundle's default".
 *
 * @param featureMode how the question conditions the features
 * @param guidanceScale CFG weight, {@code > 0}
 * @param timestep diffusion timestep, {@code 0..999}
 * @param maxNewTokens answer length bound, {@code 1..limit}
 * @param seed noise seed
 * @param layers UNet block names whose activations become features
 */
public record VqaOptions(
    FeatureMode featureMode,
    Float guidanceScale,
    Integer timestep,
    Integer maxNewTokens,
    Long seed,
    List<String> layers) {

  /** All defaults. */
  public static final VqaOptions DEFAULTS = new VqaOptions(null, null, null, null, null, null);

  public VqaOptions {
    layers = layers == null ? null : List.copyOf(layers);
  }

  /** Whether every option is left to the bundle. */
  public boolean isDefault() {
    return equals(DEFAULTS);
  }
}
