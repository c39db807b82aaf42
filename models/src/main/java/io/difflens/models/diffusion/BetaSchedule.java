package io.difflens.models.diffusion;

/** How betas are spaced between {@code beta_start} and {@code beta_end} (diffusers names). */
public enum BetaSchedule {
  /** Betas evenly spaced. */
  LINEAR,
  /** Square roots of the betas evenly spaced (Stable Diffusion, SDXL). */
  SCALED_LINEAR;

  /** Parses the diffusers config value ({@code "linear"}, {@code "scaled_linear"}). */
  public static BetaSchedule parse(String value) {
    return switch (value) {
      case "linear" -> LINEAR;
      case "scaled_linear" -> SCALED_LINEAR;
      default ->
          throw new IllegalArgumentException(
              "unsupported beta_schedule '" + value + "' (supported: linear, scaled_linear)");
    };
  }
}
