package io.difflens.ingest.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Parses and bounds-checks {@link RawOptions}, collecting every problem rather than stopping at the first. */
public final class OptionsValidator {
  /** Timesteps of the 1000-step DDPM schedule every supported bundle uses. */
  public static final int MAX_TIMESTEP = 999;

  private final IngestLimits limits;

  public OptionsValidator(IngestLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public Validation<VqaOptions> validate(RawOptions raw) {
    if (raw == null) {
      return Validation.valid(VqaOptions.DEFAULTS);
    }
    List<Rejection> problems = new ArrayList<>();

    FeatureMode mode = null;
    if (present(raw.featureMode())) {
      try {
        mode = FeatureMode.valueOf(raw.featureMode().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(Rejection.of(RejectionCode.OPTION_FEATURE_MODE, "unknown feature mode '%s'; expected one of %s",
            raw.featureMode(), Arrays.toString(FeatureMode.values())));
      }
    }

    Float guidance = null;
    if (present(raw.guidanceScale())) {
      try {
        guidance = Float.parseFloat(raw.guidanceScale().trim());
      } catch (NumberFormatException e) {
        guidance = Float.NaN;
      }
      if (!(guidance > 0) || guidance.isInfinite()) {
        problems.add(Rejection.of(RejectionCode.OPTION_GUIDANCE_SCALE,
            "guidance scale must be a finite number > 0, got '%s'", raw.guidanceScale()));
      } else if (mode != null && mode != FeatureMode.CFG) {
        problems.add(Rejection.of(RejectionCode.OPTION_GUIDANCE_SCALE,
            "guidance scale %s only applies to feature mode CFG, not %s", raw.guidanceScale(), mode));
      }
    }

    Integer timestep = parseInt(raw.timestep(), 0, MAX_TIMESTEP, "timestep", RejectionCode.OPTION_TIMESTEP, problems);
    Integer maxNewTokens = parseInt(raw.maxNewTokens(), 1, limits.maxNewTokensLimit(), "max new tokens",
        RejectionCode.OPTION_MAX_NEW_TOKENS, problems);

    Long seed = null;
    if (present(raw.seed())) {
      try {
        seed = Long.parseLong(raw.seed().trim());
      } catch (NumberFormatException e) {
        problems.add(Rejection.of(RejectionCode.OPTION_SEED, "seed must be a 64-bit integer, got '%s'", raw.seed()));
      }
    }

    List<String> layers = null;
    if (raw.layers() != null) {
      layers = raw.layers().stream().map(String::trim).toList();
      if (layers.isEmpty() || layers.stream().anyMatch(s -> s.isEmpty() || !s.matches("[A-Za-z0-9_.]+"))) {
        problems.add(Rejection.of(RejectionCode.OPTION_LAYERS,
            "layers must be a non-empty list of block names like up_blocks.0, got %s", raw.layers()));
      }
    }

    if (!problems.isEmpty()) {
      return Validation.invalid(problems);
    }
    return Validation.valid(new VqaOptions(mode, guidance, timestep, maxNewTokens, seed, layers));
  }

  private static Integer parseInt(String raw, int min, int max, String name, RejectionCode code,
      List<Rejection> problems) {
    if (!present(raw)) {
      return null;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    problems.add(Rejection.of(code, "%s must be an integer in %d..%d, got '%s'", name, min, max, raw));
    return null;
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
