/**
 * LoRA on any {@code Linear} chosen by a module-path pattern (default: the UNet's cross-attention
 * projections): {@link io.difflens.models.lora.LoraAdapter} holds one adapter's A/B pairs under
 * peft's key names and saves/loads them as safetensors; {@link io.difflens.models.lora.LoraAdapters}
 * installs on a base network, activates one adapter per call (thread-scoped) and merges/unmerges.
 */
package io.difflens.models.lora;
