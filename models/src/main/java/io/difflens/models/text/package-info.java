/**
 * Tokenizers: {@link io.difflens.models.text.ClipTokenizer} (BOS, 77-token truncation keeping EOS,
 * the component's pad token) and {@link io.difflens.models.text.LlamaTokenizer} (BOS, no EOS), both
 * over a hub {@code tokenizer.json} through DJL's HuggingFace tokenizers, and {@link
 * io.difflens.models.text.WordLevelVocabulary}, which writes a real {@code tokenizer.json} for a
 * small vocabulary so tiny bundles ship ordinary tokenizer files.
 */
package io.difflens.models.text;
