package io.difflens.trainer;

import java.util.Locale;

/**
 * How SFT's feature pool spends its UNet passes ({@code difflens train sft --sft-bank}). Every layout costs
 * the same passes (the tiny bundle's 16 000 scenes times three); the fewer passes a scene gets, the more
 * distinct scenes the answerer reads. Each SFT example is on unprompted features (caption dropout),
 * noisy-caption-prompted or question-prompted ones, in the shares of {@code SftOptions}; the layouts differ
 * in when that prompt is drawn.
 */
public enum SftBankLayout {
  /** Every scene passed unprompted, with a noisy caption and with one question; the prompt drawn per example. */
  THREE_PASS(3),
  /**
   * Every scene passed unprompted and with one prompt, a noisy caption or its question, drawn when the pool
   * is built; caption dropout drawn per example. 1.5 times the scenes; the CONCAT answerer can read it.
   */
  TWO_PASS(2),
  /**
   * Every scene passed once, unprompted, with a noisy caption or with its question, drawn when the pool is
   * built. Three times the scenes; not for CONCAT, which needs every scene's unprompted pass.
   */
  ONE_PASS(1);

  private final int passes;

  SftBankLayout(int passes) {
    this.passes = passes;
  }

  /** UNet passes per scene. */
  public int passes() {
    return passes;
  }

  /** Whether the CONCAT answerer (unprompted and prompted tokens of every scene) can read it. */
  public boolean servesConcat() {
    return this != ONE_PASS;
  }

  /** The name on the command line, e.g. {@code two-pass}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static SftBankLayout fromKey(String key) {
    for (SftBankLayout l : values()) {
      if (l.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown --sft-bank '" + key + "' (three-pass, two-pass, one-pass)");
  }
}
