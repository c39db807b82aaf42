package io.difflens.trainer;

import java.util.Locale;

/**
 * Answerers trained beside a bundle's own, by the same PT and SFT recipes, on other visual inputs: the
 * model card's comparison columns. Each lives in {@code variants/<key>/} of the bundle ({@code llm/} and
 * {@code projector/} in the upstream layout) and its loss logs in {@code training/<recipe>-<key>/}.
 */
public enum AnswererVariant {
  /**
   * The raw-pixel baseline: the image cut into the same grid as the UNet features, each patch's pixels
   * flattened into one token (3·p² channels, p = image size / grid); no UNet at all.
   */
  PIXELS,
  /**
   * CONCAT features: per token the unconditional UNet features, then the conditional ones (2C channels),
   * as {@code FeatureMode.Concat} gives them.
   */
  CONCAT;

  /** The name on the command line and in folder names, e.g. {@code pixels}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The variant's LLM folder inside a bundle. */
  public String llm() {
    return "variants/" + key() + "/" + BundleDir.LLM;
  }

  /** The variant's projector folder inside a bundle. */
  public String projector() {
    return "variants/" + key() + "/" + BundleDir.PROJECTOR;
  }

  /** The training folder name of {@code recipe} (PT or SFT) for this variant, e.g. {@code sft-pixels}. */
  public String trainingKey(Recipe recipe) {
    return recipe.key() + "-" + key();
  }

  public static AnswererVariant fromKey(String key) {
    for (AnswererVariant v : values()) {
      if (v.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown answerer variant '" + key + "' (pixels, concat)");
  }
}
