package io.difflens.models.pipeline;

import java.util.Locale;

/**
 * How the unconditional and the text-conditioned UNet activations become the visual features.
 *
 * <ul>
 *   <li>{@link Uncond}: {@code f_uncond} (empty prompt; zeros for SDXL-family bundles);
 *   <li>{@link Cond}: {@code f_cond} (the question, caption or both as the prompt);
 *   <li>{@link Cfg}: classifier-free guidance on features, {@code f_uncond + w (f_cond - f_uncond)};
 *   <li>{@link Concat}: {@code [f_uncond ; f_cond]} along channels (the paper's SDXL-LLaVA-c).
 * </ul>
 */
public sealed interface FeatureMode {

  /** Whether the UNet must run with the empty prompt. */
  boolean needsUnconditional();

  /** Whether the UNet must run with the prompt. */
  boolean needsConditional();

  /** Channels of the combined features for {@code channels} channels per pass. */
  default long outputChannels(long channels) {
    return channels;
  }

  /** The canonical text form: {@code UNCOND}, {@code COND}, {@code CFG:<w>}, {@code CONCAT}. */
  String text();

  record Uncond() implements FeatureMode {
    @Override
    public boolean needsUnconditional() {
      return true;
    }

    @Override
    public boolean needsConditional() {
      return false;
    }

    @Override
    public String text() {
      return "UNCOND";
    }
  }

  record Cond() implements FeatureMode {
    @Override
    public boolean needsUnconditional() {
      return false;
    }

    @Override
    public boolean needsConditional() {
      return true;
    }

    @Override
    public String text() {
      return "COND";
    }
  }

  /** Guidance on features with scale {@code w} (the paper uses 1.5, 4.5 and 7.0). */
  record Cfg(double scale) implements FeatureMode {
    public Cfg {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("CFG guidance scale must be a positive number, got " + scale);
      }
    }

    @Override
    public boolean needsUnconditional() {
      return true;
    }

    @Override
    public boolean needsConditional() {
      return true;
    }

    @Override
    public String text() {
      return "CFG:" + scale;
    }
  }

  record Concat() implements FeatureMode {
    @Override
    public boolean needsUnconditional() {
      return true;
    }

    @Override
    public boolean needsConditional() {
      return true;
    }

    @Override
    public long outputChannels(long channels) {
      return 2 * channels;
    }

    @Override
    public String text() {
      return "CONCAT";
    }
  }

  /**
   * Parses {@code UNCOND}, {@code COND}, {@code CONCAT}, {@code CFG:<w>} or {@code CFG} with {@code
   * defaultScale}; case-insensitive.
   */
  static FeatureMode parse(String text, double defaultScale) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("feature mode is empty; expected UNCOND, COND, CFG:<w> or CONCAT");
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.equals("UNCOND")) {
      return new Uncond();
    }
    if (t.equals("COND")) {
      return new Cond();
    }
    if (t.equals("CONCAT")) {
      return new Concat();
    }
    if (t.equals("CFG")) {
      return new Cfg(defaultScale);
    }
    if (t.startsWith("CFG:")) {
      try {
        return new Cfg(Double.parseDouble(t.substring(4)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid CFG scale in feature mode '" + text + "'", e);
      }
    }
    throw new IllegalArgumentException(
        "unknown feature mode '" + text + "'; expected UNCOND, COND, CFG:<w> or CONCAT");
  }
}
