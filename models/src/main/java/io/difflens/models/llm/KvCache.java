package io.difflens.models.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Keys and values of every decoder layer for the tokens seen so far, each (B, Hkv, P, d) with RoPE
 * applied (the transformers {@code DynamicCache} content). Immutable: a forward pass returns a new
 * cache and never changes its argument, so the caller decides when the old one is freed ({@link
 * #close()}).
 */
public record KvCache(List<NDArray> keys, List<NDArray> values) implements AutoCloseable {

  public KvCache {
    keys = List.copyOf(keys);
    values = List.copyOf(values);
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException(
          "cache has " + keys.size() + " key and " + values.size() + " value layers");
    }
  }

  /** The cache before the first token. */
  public static KvCache empty() {
    return new KvCache(List.of(), List.of());
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Number of cached positions P. */
  public long length() {
    return keys.isEmpty() ? 0 : keys.get(0).getShape().get(2);
  }

  /** Moves every array to {@code manager} (their lifetime becomes the manager's). */
  public KvCache attach(NDManager manager) {
    keys.forEach(k -> k.attach(manager));
    values.forEach(v -> v.attach(manager));
    return this;
  }

  /** Frees every array. */
  @Override
  public void close() {
    keys.forEach(NDArray::close);
    values.forEach(NDArray::close);
  }
}
