package io.difflens.models.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.difflens.models.text.internal.HfTokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP text tokenizer: {@code tokenizer.json} through DJL's HuggingFace tokenizers, then BOS,
 * truncation to {@code maxLength} with the EOS kept as the last token, and padding with the
 * configured pad token; the same ids and masks as diffusers' {@code tokenizer(prompt,
 * padding="max_length", max_length=77, truncation=True)}.
 *
 * <p>Thread-safe; holds a native tokenizer, so close it.
 */
public final class ClipTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final ClipTokenizerConfig config;
  private final long bosId;
  private final long eosId;
  private final long padId;

  private ClipTokenizer(HuggingFaceTokenizer tokenizer, ClipTokenizerConfig config) {
    this.tokenizer = tokenizer;
    this.config = config;
    this.bosId = HfTokenizers.singleTokenId(tokenizer, config.bosToken());
    this.eosId = HfTokenizers.singleTokenId(tokenizer, config.eosToken());
    this.padId = HfTokenizers.singleTokenId(tokenizer, config.padToken());
  }

  /**
   * Loads a hub tokenizer folder ({@code tokenizer.json} plus, when present, {@code
   * special_tokens_map.json} and {@code tokenizer_config.json} for the pad token and length).
   */
  public static ClipTokenizer load(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("not a tokenizer folder: " + folder);
    }
    return load(folder.resolve("tokenizer.json"), ClipTokenizerConfig.fromHubFolder(folder));
  }

  /** Loads {@code tokenizer.json} with explicit special tokens. */
  public static ClipTokenizer load(Path tokenizerJson, ClipTokenizerConfig config) {
    HuggingFaceTokenizer tokenizer = HfTokenizers.open(tokenizerJson);
    try {
      return new ClipTokenizer(tokenizer, config);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * Tokenises one text into exactly {@code maxLength} ids: BOS, at most {@code maxLength - 2}
   * tokens, EOS, pad.
   */
  public TokenizedText encode(String text) {
    long[] content = tokenizer.encode(text, false, false).getIds();
    int kept = Math.min(content.length, config.maxLength() - 2);
    long[] ids = new long[config.maxLength()];
    long[] mask = new long[config.maxLength()];
    Arrays.fill(ids, padId);
    ids[0] = bosId;
    System.arraycopy(content, 0, ids, 1, kept);
    ids[kept + 1] = eosId;
    Arrays.fill(mask, 0, kept + 2, 1L);
    return new TokenizedText(ids, mask);
  }

  /** Tokenises every text (same length each). */
  public List<TokenizedText> encode(List<String> texts) {
    return texts.stream().map(this::encode).toList();
  }

  /** Number of content tokens of {@code text} before truncation (BOS/EOS not counted). */
  public int contentLength(String text) {
    return tokenizer.encode(text, false, false).getIds().length;
  }

  /** Decodes ids to text, dropping BOS, EOS and padding. */
  public String decode(long[] ids) {
    // The text is what lies between BOS and the first EOS; a pad token such as "!" is also an
    // ordinary token, so it is only dropped after the EOS.
    int start = ids.length > 0 && ids[0] == bosId ? 1 : 0;
    int end = start;
    while (end < ids.length && ids[end] != eosId) {
      end++;
    }
    return tokenizer.decode(Arrays.copyOfRange(ids, start, end), true);
  }

  public ClipTokenizerConfig config() {
    return config;
  }

  public long bosId() {
    return bosId;
  }

  public long eosId() {
    return eosId;
  }

  public long padId() {
    return padId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
