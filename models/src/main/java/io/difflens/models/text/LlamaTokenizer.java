package io.difflens.models.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.difflens.models.text.internal.HfTokenizers;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * LLaMA tokenizer: {@code tokenizer.json} through DJL's HuggingFace tokenizers; prompts get BOS and
 * no EOS (as {@code LlamaTokenizerFast} with its defaults {@code add_bos_token=True,
 * add_eos_token=False}); the EOS id is the stop token of generation.
 *
 * <p>Thread-safe; holds a native tokenizer, so close it.
 */
public final class LlamaTokenizer implements AutoCloseable {

  public static final String BOS = "<s>";
  public static final String EOS = "</s>";

  private final HuggingFaceTokenizer tokenizer;
  private final long bosId;
  private final long eosId;

  private LlamaTokenizer(HuggingFaceTokenizer tokenizer, String bos, String eos) {
    this.tokenizer = tokenizer;
    this.bosId = HfTokenizers.singleTokenId(tokenizer, bos);
    this.eosId = HfTokenizers.singleTokenId(tokenizer, eos);
  }

  /** Loads {@code tokenizer.json} (file or folder) with LLaMA's {@code <s>} / {@code </s>}. */
  public static LlamaTokenizer load(Path tokenizerJson) {
    return load(tokenizerJson, BOS, EOS);
  }

  /** Loads {@code tokenizer.json} with explicit BOS/EOS tokens. */
  public static LlamaTokenizer load(Path tokenizerJson, String bos, String eos) {
    HuggingFaceTokenizer tokenizer = HfTokenizers.open(tokenizerJson);
    try {
      return new LlamaTokenizer(tokenizer, bos, eos);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** BOS followed by the tokens of {@code prompt}; no EOS, so the model continues the text. */
  public long[] encodePrompt(String prompt) {
    long[] content = encodeContinuation(prompt);
    long[] ids = new long[content.length + 1];
    ids[0] = bosId;
    System.arraycopy(content, 0, ids, 1, content.length);
    return ids;
  }

  /** Tokens of {@code text} without any special token (to splice text between other embeddings). */
  public long[] encodeContinuation(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** Decodes generated ids, dropping BOS and EOS. */
  public String decode(long[] ids) {
    return tokenizer.decode(
        Arrays.stream(ids).filter(id -> id != bosId && id != eosId).toArray(), true);
  }

  public long bosId() {
    return bosId;
  }

  public long eosId() {
    return eosId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
