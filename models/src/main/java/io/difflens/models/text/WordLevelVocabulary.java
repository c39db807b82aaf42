package io.difflens.models.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A small word-level vocabulary that writes a real HuggingFace {@code tokenizer.json} (model {@code
 * WordLevel}, lower-casing normalizer, {@code Whitespace} pre-tokenizer, a template post-processor
 * with the flavour's special tokens), so tiny bundles carry tokenizer files that load through the
 * same path as the hub's ({@link ClipTokenizer}, {@link LlamaTokenizer}).
 *
 * <p>Ids follow the layout of the real vocabularies where the models depend on it: in the CLIP
 * flavour {@code "!"} is id 0 (the OpenCLIP pad token) and {@code <|endoftext|>} is the largest id,
 * because CLIP text encoders with {@code eos_token_id == 2} pool at {@code argmax(input_ids)}; in
 * the LLaMA flavour {@code <unk>, <s>, </s>} are ids 0, 1, 2.
 *
 * @param flavor which special tokens and layout
 * @param tokens every token, index = id
 */
public record WordLevelVocabulary(Flavor flavor, List<String> tokens) {

  /** Special-token layout. */
  public enum Flavor {
    /**
     * {@code !}=0, {@code <unk>}=1, punctuation, words, {@code <|startoftext|>}, {@code
     * <|endoftext|>} last.
     */
    CLIP,
    /** {@code <unk>}=0, {@code <s>}=1, {@code </s>}=2, punctuation, words. */
    LLAMA
  }

  public static final String UNK = "<unk>";
  private static final List<String> PUNCTUATION = List.of("!", ",", ".", "?");
  // The Whitespace pre-tokenizer splits on \w+|[^\w\s]+, so a vocabulary entry must be one such
  // piece.
  private static final Pattern WORD =
      Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

  public WordLevelVocabulary {
    Objects.requireNonNull(flavor, "flavor");
    tokens = List.copyOf(tokens);
    if (new TreeSet<>(tokens).size() != tokens.size()) {
      throw new IllegalArgumentException("duplicate tokens in vocabulary of " + tokens.size());
    }
  }

  /**
   * Builds the vocabulary of {@code words} (lower-cased, de-duplicated, sorted) with the flavour's
   * specials.
   */
  public static WordLevelVocabulary of(Flavor flavor, Collection<String> words) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String word : words) {
      String w = word.toLowerCase(Locale.ROOT);
      if (!WORD.matcher(w).matches()) {
        throw new IllegalArgumentException(
            "'" + word + "' is not one pre-token (letters/digits, or one run of punctuation)");
      }
      sorted.add(w);
    }
    List<String> specials = specials(flavor);
    sorted.removeAll(specials);
    sorted.removeAll(PUNCTUATION);
    List<String> all = new ArrayList<>();
    switch (flavor) {
      case CLIP -> {
        all.add("!");
        all.add(UNK);
        PUNCTUATION.stream().filter(p -> !p.equals("!")).forEach(all::add);
        all.addAll(sorted);
        all.add(ClipTokenizerConfig.START_OF_TEXT);
        all.add(ClipTokenizerConfig.END_OF_TEXT);
      }
      case LLAMA -> {
        all.add(UNK);
        all.add(LlamaTokenizer.BOS);
        all.add(LlamaTokenizer.EOS);
        all.addAll(PUNCTUATION);
        all.addAll(sorted);
      }
    }
    return new WordLevelVocabulary(flavor, all);
  }

  private static List<String> specials(Flavor flavor) {
    return switch (flavor) {
      case CLIP -> List.of(UNK, ClipTokenizerConfig.START_OF_TEXT, ClipTokenizerConfig.END_OF_TEXT);
      case LLAMA -> List.of(UNK, LlamaTokenizer.BOS, LlamaTokenizer.EOS);
    };
  }

  public int size() {
    return tokens.size();
  }

  /** Id of {@code token}; throws when absent. */
  public int id(String token) {
    int id = tokens.indexOf(token);
    if (id < 0) {
      throw new IllegalArgumentException("'" + token + "' is not in the vocabulary");
    }
    return id;
  }

  /** The {@code tokenizer.json} text. */
  public String tokenizerJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : specials(flavor)) {
      added
          .addObject()
          .put("id", id(special))
          .put("content", special)
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putObject("normalizer").put("type", "Lowercase");
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    root.set("post_processor", postProcessor(f));
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < tokens.size(); i++) {
      vocab.put(tokens.get(i), i);
    }
    model.put("unk_token", UNK);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode postProcessor(JsonNodeFactory f) {
    String bos = flavor == Flavor.CLIP ? ClipTokenizerConfig.START_OF_TEXT : LlamaTokenizer.BOS;
    String eos = flavor == Flavor.CLIP ? ClipTokenizerConfig.END_OF_TEXT : null;
    ObjectNode pp = f.objectNode().put("type", "TemplateProcessing");
    ArrayNode single = pp.putArray("single");
    ArrayNode pair = pp.putArray("pair");
    special(single, bos);
    sequence(single, "A", 0);
    special(pair, bos);
    sequence(pair, "A", 0);
    if (eos != null) {
      special(single, eos);
      special(pair, eos);
    }
    sequence(pair, "B", 1);
    if (eos != null) {
      special(pair, eos);
    }
    ObjectNode specialTokens = pp.putObject("special_tokens");
    for (String token : eos == null ? List.of(bos) : List.of(bos, eos)) {
      ObjectNode entry = specialTokens.putObject(token);
      entry.put("id", token);
      entry.putArray("ids").add(id(token));
      entry.putArray("tokens").add(token);
    }
    return pp;
  }

  private static void special(ArrayNode template, String token) {
    template.addObject().putObject("SpecialToken").put("id", token).put("type_id", 0);
  }

  private static void sequence(ArrayNode template, String which, int typeId) {
    template.addObject().putObject("Sequence").put("id", which).put("type_id", typeId);
  }

  /**
   * Writes {@code tokenizer.json} and {@code special_tokens_map.json} into {@code folder} (created
   * if needed). The pad token is EOS for the CLIP flavour (as SD 1.x / CLIP-L) and {@code <unk>}
   * for LLaMA (as LLaVA).
   */
  public void writeTo(Path folder) {
    writeTo(folder, flavor == Flavor.CLIP ? ClipTokenizerConfig.END_OF_TEXT : UNK);
  }

  /**
   * As {@link #writeTo(Path)} with an explicit pad token (e.g. {@code "!"} for an SDXL {@code
   * tokenizer_2}).
   */
  public void writeTo(Path folder, String padToken) {
    id(padToken);
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    if (flavor == Flavor.CLIP) {
      map.put("bos_token", ClipTokenizerConfig.START_OF_TEXT)
          .put("eos_token", ClipTokenizerConfig.END_OF_TEXT);
    } else {
      map.put("bos_token", LlamaTokenizer.BOS).put("eos_token", LlamaTokenizer.EOS);
    }
    map.put("unk_token", UNK).put("pad_token", padToken);
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("tokenizer.json"), tokenizerJson());
      Files.writeString(
          folder.resolve("special_tokens_map.json"),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer files to " + folder, e);
    }
  }
}
