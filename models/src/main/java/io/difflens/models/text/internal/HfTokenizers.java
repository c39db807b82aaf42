package io.difflens.models.text.internal;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Opens a {@code tokenizer.json} through DJL's HuggingFace tokenizers with every automatic step
 * switched off.
 */
public final class HfTokenizers {

  private HfTokenizers() {}

  /**
   * Opens {@code tokenizerJson} (a file, or a folder holding {@code tokenizer.json}). Special
   * tokens, truncation and padding are disabled: the callers add them, because the rules (EOS kept
   * at the truncation boundary, the pad token of the component) live in files {@code
   * tokenizer.json} does not cover.
   */
  public static HuggingFaceTokenizer open(Path tokenizerJson) {
    Path file =
        Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no tokenizer.json at " + file);
    }
    try (var in = Files.newInputStream(file)) {
      return HuggingFaceTokenizer.newInstance(
          in,
          Map.of(
              "addSpecialTokens",
              "false",
              "truncation",
              "false",
              "padding",
              "false",
              "maxLength",
              String.valueOf(1 << 20)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The id of a token that must encode to exactly one id (special tokens, {@code "!"}). */
  public static long singleTokenId(HuggingFaceTokenizer tokenizer, String token) {
    long[] ids = tokenizer.encode(token, false, false).getIds();
    if (ids.length != 1) {
      throw new IllegalArgumentException(
          "token '"
              + token
              + "' is not a single token of this vocabulary: encodes to "
              + Arrays.toString(ids));
    }
    return ids[0];
  }
}
