package io.difflens.models.diffusion;

/**
 * How inference timesteps are picked from the training ones (diffusers {@code timestep_spacing}).
 */
public enum TimestepSpacing {
  /** {@code arange(0, n) * (T / n)} reversed, plus {@code steps_offset} (SD, SDXL). */
  LEADING,
  /** {@code arange(T, 0, -T / n) - 1}. */
  TRAILING,
  /** {@code linspace(0, T - 1, n)} reversed. */
  LINSPACE;

  /** Parses the diffusers config value. */
  public static TimestepSpacing parse(String value) {
    return switch (value) {
      case "leading" -> LEADING;
      case "trailing" -> TRAILING;
      case "linspace" -> LINSPACE;
      default -> throw new IllegalArgumentException("unknown timestep_spacing '" + value + "'");
    };
  }
}
