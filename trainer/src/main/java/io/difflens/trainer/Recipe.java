package io.difflens.trainer;

import java.util.Locale;

/**
 * The recipes of {@code difflens train <recipe>}, in the order {@link #ALL} chains them, with their
 * default step count, batch size and peak learning rate for the tiny bundle.
 */
public enum Recipe {
  CLIP(500, 64, 1e-3f),
  UNET(3000, 16, 1e-3f),
  LLM(600, 32, 2e-3f),
  PT(600, 32, 1e-3f),
  SFT(7000, 32, 5e-4f),
  ALL(0, 0, 0f);

  private final int defaultSteps;
  private final int defaultBatch;
  private final float defaultLearningRate;

  Recipe(int defaultSteps, int defaultBatch, float defaultLearningRate) {
    this.defaultSteps = defaultSteps;
    this.defaultBatch = defaultBatch;
    this.defaultLearningRate = defaultLearningRate;
  }

  public int defaultSteps() {
    return defaultSteps;
  }

  public int defaultBatch() {
    return defaultBatch;
  }

  public float defaultLearningRate() {
    return defaultLearningRate;
  }

  /** The name on the command line, e.g. {@code clip}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Recipe fromKey(String key) {
    for (Recipe r : values()) {
      if (r.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown recipe '" + key + "' (clip, unet, llm, pt, sft, all)");
  }
}
