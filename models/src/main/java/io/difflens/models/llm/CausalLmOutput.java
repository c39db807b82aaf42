package io.difflens.models.llm;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass of a causal LM.
 *
 * @param logits (B, T, V) for the T new positions
 * @param cache the cache extended by the T new positions
 */
public record CausalLmOutput(NDArray logits, KvCache cache) {}
