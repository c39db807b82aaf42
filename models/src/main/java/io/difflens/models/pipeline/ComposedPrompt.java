package io.difflens.models.pipeline;

/**
 * A UNet prompt and how it fits the text encoder.
 *
 * @param text the prompt text (the tokenizer truncates it the same way when encoding)
 * @param contentTokens tokens of the text before truncation (BOS/EOS not counted)
 * @param truncated whether the text encoder will see only its first {@code maxLength - 2} tokens
 */
public record ComposedPrompt(String text, int contentTokens, boolean truncated) {
  public ComposedPrompt {
    if (text == null) {
      throw new IllegalArgumentException("prompt text must not be null (use \"\" for empty)");
    }
  }
}
