package io.difflens.trainer;

import java.util.Locale;

/**
 * Whether SFT fills a row whose visual tokens do not depend on its question with further questions about its
 * scene ({@code difflens train sft --multi-turn MODE}), and how those turns read each other.
 */
public enum MultiTurn {
  /** One question per row. */
  OFF,
  /**
   * Later turns of a LLaVA conversation ({@code USER: question ASSISTANT: answer </s>} after the first
   * answer): each turn reads the image and every earlier turn, so it can read an earlier answer.
   */
  CHAINED,
  /**
   * Turns that read the image but not each other: each starts at the position right after the visual tokens,
   * as a question at evaluation does, and an attention mask hides the other turns, so every answer is an
   * example of its own sharing the row's image.
   */
  ISOLATED;

  /** The name on the command line, e.g. {@code isolated}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MultiTurn fromKey(String key) {
    for (MultiTurn m : values()) {
      if (m.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown --multi-turn '" + key + "' (off, chained, isolated)");
  }
}
