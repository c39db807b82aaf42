package io.difflens.models.diffusion;

/** What a denoising network predicts (diffusers {@code prediction_type}). */
public enum PredictionType {
  /** The added noise ε (Stable Diffusion, SDXL). */
  EPSILON,
  /** v = sqrt(ā) ε − sqrt(1 − ā) x0. */
  V_PREDICTION,
  /** The clean sample x0. */
  SAMPLE;

  /** Parses the diffusers config value. */
  public static PredictionType parse(String value) {
    return switch (value) {
      case "epsilon" -> EPSILON;
      case "v_prediction" -> V_PREDICTION;
      case "sample" -> SAMPLE;
      default -> throw new IllegalArgumentException("unknown prediction_type '" + value + "'");
    };
  }
}
