package io.difflens.models.lora;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Hyper-parameters of a LoRA adapter.
 *
 * @param rank r, the inner width of the low-rank update
 * @param alpha peft's {@code lora_alpha}; the update is scaled by {@code alpha / rank}
 * @param dropout dropout on the adapter's input while training (peft's {@code lora_dropout})
 * @param targetPattern regular expression over dotted module paths; a {@code Linear} is adapted
 *     when the expression matches a suffix of its path that starts at a dot (or at the start)
 */
public record LoraConfig(int rank, float alpha, float dropout, String targetPattern) {

  /** The UNet's cross-attention projections, what the paper adapts during SFT. */
  public static final String UNET_CROSS_ATTENTION = "attn2\\.(to_q|to_k|to_v|to_out\\.0)";

  public LoraConfig {
    if (rank <= 0) {
      throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    try {
      Pattern.compile(targetPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid LoRA target pattern '" + targetPattern + "': " + e.getMessage(), e);
    }
  }

  /** Rank and alpha on the UNet cross-attention, no dropout. */
  public static LoraConfig of(int rank, float alpha) {
    return new LoraConfig(rank, alpha, 0f, UNET_CROSS_ATTENTION);
  }

  public LoraConfig withTargets(String pattern) {
    return new LoraConfig(rank, alpha, dropout, pattern);
  }

  public LoraConfig withDropout(float p) {
    return new LoraConfig(rank, alpha, p, targetPattern);
  }

  /** {@code alpha / rank}. */
  public float scaling() {
    return alpha / rank;
  }

  /** Whether the module at {@code path} is a target. */
  public boolean targets(String path) {
    return Pattern.compile("(?:^|\\.)(?:" + targetPattern + ")$").matcher(path).find();
  }
}
