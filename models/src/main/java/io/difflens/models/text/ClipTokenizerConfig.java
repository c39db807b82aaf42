package io.difflens.models.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Special tokens and length of a CLIP tokenizer, as the hub's {@code special_tokens_map.json} /
 * {@code tokenizer_config.json} state them (a {@code tokenizer.json} does not carry the pad token).
 *
 * <p>What diffusers does with the two SDXL tokenizers (both called with {@code
 * padding="max_length", max_length=77, truncation=True}): {@code tokenizer/} (CLIP ViT-L/14) pads
 * with {@code <|endoftext|>} (the EOS, id 49407), {@code tokenizer_2/} (OpenCLIP bigG) pads with
 * {@code "!"} (id 0). SD 1.x pads with EOS, SD 2.x with {@code "!"}. The text encoders pool at
 * {@code argmax(input_ids)}, i.e. the first EOS, so both paddings give the same pooled embedding;
 * the per-token hidden states of the padding positions differ.
 *
 * @param bosToken start token, {@code <|startoftext|>} in CLIP vocabularies
 * @param eosToken end token, {@code <|endoftext|>}
 * @param padToken token used to fill up to {@code maxLength}
 * @param maxLength total length including BOS and EOS (77 for every CLIP text encoder)
 */
public record ClipTokenizerConfig(
    String bosToken, String eosToken, String padToken, int maxLength) {

  /** CLIP's maximum sequence length, the size of its position embedding. */
  public static final int CLIP_MAX_LENGTH = 77;

  public static final String START_OF_TEXT = "<|startoftext|>";
  public static final String END_OF_TEXT = "<|endoftext|>";

  public ClipTokenizerConfig {
    Objects.requireNonNull(bosToken, "bosToken");
    Objects.requireNonNull(eosToken, "eosToken");
    Objects.requireNonNull(padToken, "padToken");
    if (maxLength < 2) {
      throw new IllegalArgumentException(
          "maxLength must leave room for BOS and EOS, got " + maxLength);
    }
  }

  /** SD 1.x / SDXL {@code tokenizer/} (CLIP ViT-L/14): pads with EOS. */
  public static ClipTokenizerConfig padWithEos() {
    return new ClipTokenizerConfig(START_OF_TEXT, END_OF_TEXT, END_OF_TEXT, CLIP_MAX_LENGTH);
  }

  /**
   * SD 2.x / SDXL {@code tokenizer_2/} (OpenCLIP): pads with {@code "!"} (id 0 in the CLIP
   * vocabulary).
   */
  public static ClipTokenizerConfig padWithExclamation() {
    return new ClipTokenizerConfig(START_OF_TEXT, END_OF_TEXT, "!", CLIP_MAX_LENGTH);
  }

  /** A copy with another pad token. */
  public ClipTokenizerConfig withPadToken(String token) {
    return new ClipTokenizerConfig(bosToken, eosToken, token, maxLength);
  }

  /**
   * Reads the special tokens from a hub tokenizer folder: {@code special_tokens_map.json}, else
   * {@code tokenizer_config.json}; {@code model_max_length} from {@code tokenizer_config.json}.
   * Missing files or fields fall back to {@link #padWithEos()}, which is what the CLIP tokenizer
   * defaults to.
   */
  public static ClipTokenizerConfig fromHubFolder(Path folder) {
    ClipTokenizerConfig config = padWithEos();
    JsonNode tokenizerConfig = readIfPresent(folder.resolve("tokenizer_config.json"));
    JsonNode specialTokens = readIfPresent(folder.resolve("special_tokens_map.json"));
    String bos = token(specialTokens, tokenizerConfig, "bos_token", config.bosToken());
    String eos = token(specialTokens, tokenizerConfig, "eos_token", config.eosToken());
    String pad = token(specialTokens, tokenizerConfig, "pad_token", eos);
    int maxLength = config.maxLength();
    if (tokenizerConfig != null && tokenizerConfig.path("model_max_length").canConvertToInt()) {
      maxLength = Math.min(tokenizerConfig.get("model_max_length").asInt(), CLIP_MAX_LENGTH);
    }
    return new ClipTokenizerConfig(bos, eos, pad, maxLength);
  }

  private static String token(JsonNode first, JsonNode second, String field, String fallback) {
    for (JsonNode node : new JsonNode[] {first, second}) {
      if (node == null || !node.has(field) || node.get(field).isNull()) {
        continue;
      }
      JsonNode value = node.get(field);
      // Hub files store a token either as a string or as an AddedToken object {"content": ...}.
      return value.isTextual() ? value.asText() : value.path("content").asText(fallback);
    }
    return fallback;
  }

  private static JsonNode readIfPresent(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
