package io.difflens.models.pipeline;

import io.difflens.models.text.ClipTokenizer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the UNet's text condition from a question and an optional caption, and samples one
 * question from a multi-turn conversation (the paper's SFT prompting), reporting when the result
 * exceeds the text encoder's 77 tokens.
 */
public final class PromptComposer {
  /** LLaVA conversations mark the image in the first human turn with this token. */
  public static final String IMAGE_TOKEN = "<image>";

  private final ClipTokenizer tokenizer;

  public PromptComposer(ClipTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * The prompt for {@code source}; caption and question are joined with one space.
   *
   * @throws IllegalArgumentException if the source needs a text that is missing
   */
  public ComposedPrompt compose(PromptSource source, String question, String caption) {
    String text =
        switch (source) {
          case QUESTION -> require(question, "question", source);
          case CAPTION -> require(caption, "caption", source);
          case CAPTION_AND_QUESTION ->
              require(caption, "caption", source) + " " + require(question, "question", source);
          case EMPTY -> "";
        };
    return measure(text);
  }

  /** Measures an already composed text against the tokenizer's length. */
  public ComposedPrompt measure(String text) {
    int tokens = text.isEmpty() ? 0 : tokenizer.contentLength(text);
    return new ComposedPrompt(text, tokens, tokens > tokenizer.config().maxLength() - 2);
  }

  /**
   * One question drawn uniformly (with {@code seed}) from the human turns of a conversation, with
   * the {@code <image>} marker removed.
   */
  public static String sampleQuestion(List<String> humanTurns, long seed) {
    if (humanTurns == null || humanTurns.isEmpty()) {
      throw new IllegalArgumentException("a conversation needs at least one human turn");
    }
    String turn = humanTurns.get(new SplittableRandom(seed).nextInt(humanTurns.size()));
    return turn.replace(IMAGE_TOKEN, " ").strip().replaceAll("\\s+", " ");
  }

  private static String require(String text, String what, PromptSource source) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("prompt source " + source + " needs a " + what);
    }
    return text.strip();
  }
}
