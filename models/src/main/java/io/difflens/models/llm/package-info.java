/**
 * transformers' {@code LlamaForCausalLM} ({@link io.difflens.models.llm.LlamaForCausalLm}) from ids
 * or input embeddings, with an explicit immutable {@link io.difflens.models.llm.KvCache}, left-padded
 * batches, and {@link io.difflens.models.llm.GreedyDecoder}. Layers (RMSNorm, RoPE, attention with
 * grouped-query heads, SwiGLU MLP) live in {@code internal}.
 */
package io.difflens.models.llm;
