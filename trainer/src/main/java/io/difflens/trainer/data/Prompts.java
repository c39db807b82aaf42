package io.difflens.trainer.data;

import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Text the recipes feed the networks: the UNet's varied prompts, the LLM's chat template and the
 * paper's SFT caption tricks.
 */
public final class Prompts {
  /** The chat template's user turn; the visual tokens go right after it. */
  public static final String USER = "USER:";
  /** The chat template's answer marker. */
  public static final String ASSISTANT = "ASSISTANT:";
  /**
   * The bundle's {@code answerer.prompt_template}: the serving {@code Answerer} then builds exactly the
   * token sequence the recipes train on (BOS, {@code USER:}, visual tokens, question, {@code ASSISTANT:}).
   */
  public static final String ANSWER_TEMPLATE = USER + "<image>{question} " + ASSISTANT;
  /** Words the templates add to the world's vocabulary. */
  public static final List<String> TEMPLATE_TEXTS = List.of(USER, ASSISTANT, "image");

  /** Probability of the empty prompt in UNet training (classifier-free-guidance style). */
  public static final double EMPTY_PROMPT_RATE = 0.1;

  private Prompts() {}

  /**
   * A UNet training prompt: ~10% empty, otherwise a full, counting, partial, relational or
   * question-like caption, so the UNet learns to use every kind of text it will be given.
   */
  public static String unetPrompt(World world, Scene scene, RandomGenerator rng) {
    if (rng.nextDouble() < EMPTY_PROMPT_RATE) {
      return "";
    }
    return world.captioner().anyCaption(scene, rng).text();
  }

  /** The LLM text of one question before its answer. */
  public static String question(String question) {
    return USER + " " + question.replace("\n", " ").trim() + " " + ASSISTANT;
  }

  /** The paper's noisy captions: every word dropped with probability {@code rate}. */
  public static String deleteWords(String caption, double rate, RandomGenerator rng) {
    List<String> kept = new ArrayList<>();
    for (String w : caption.split("\\s+")) {
      if (!w.isEmpty() && rng.nextDouble() >= rate) {
        kept.add(w);
      }
    }
    return String.join(" ", kept);
  }

  /** A full caption (the default conditioning text at evaluation). */
  public static String fullCaption(World world, Scene scene, RandomGenerator rng) {
    return world.captioner().caption(scene, CaptionStyle.FULL, rng).text();
  }
}
