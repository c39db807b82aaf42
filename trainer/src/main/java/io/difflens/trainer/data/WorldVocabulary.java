package io.difflens.trainer.data;

import io.difflens.datasets.Conversation;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Question;
import io.difflens.datasets.world.Scene;
import io.difflens.models.text.WordLevelVocabulary;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words the world can say, collected by running its captioner and question and conversation
 * generators over many scenes: the closed vocabulary of the tiny bundle's word-level tokenizers.
 */
public final class WorldVocabulary {
  // The pre-tokenizer of WordLevelVocabulary's tokenizer.json: one vocabulary entry per piece.
  private static final Pattern PIECE = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);
  /** Scenes scanned for the committed bundle: enough that every template and word shows up. */
  public static final int SCENES = 3000;

  private WorldVocabulary() {}

  /** The words of {@code scenes} scenes drawn from {@code seed}, plus the prompt templates' words. */
  public static TreeSet<String> words(World world, long seed, int scenes) {
    TreeSet<String> words = new TreeSet<>();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < scenes; i++) {
      Scene scene = world.scene(rng);
      for (CaptionStyle style : CaptionStyle.values()) {
        add(words, world.captioner().caption(scene, style, rng).text());
      }
      for (Question q : world.questions().askAll(scene, rng)) {
        add(words, q.text());
        add(words, q.answer());
        q.options().forEach(o -> add(words, o));
      }
      Conversation c = world.conversations().conversation("v", "v.png", scene, 4, rng);
      c.turns().forEach(t -> add(words, t.value()));
    }
    for (String template : Prompts.TEMPLATE_TEXTS) {
      add(words, template);
    }
    return words;
  }

  public static WordLevelVocabulary build(
      World world, WordLevelVocabulary.Flavor flavor, long seed, int scenes) {
    return WordLevelVocabulary.of(flavor, words(world, seed, scenes));
  }

  /** Splits as the tokenizer's pre-tokenizer does. */
  public static List<String> pieces(String text) {
    Matcher m = PIECE.matcher(text.toLowerCase(Locale.ROOT));
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static void add(TreeSet<String> words, String text) {
    words.addAll(pieces(text));
  }
}
