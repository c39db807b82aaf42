/**
 * Checking the implementation against golden folders computed by diffusers/transformers: {@link
 * io.difflens.models.golden.GoldenCheck#run} detects the folder's kind from its {@code
 * config.json}, runs it on {@code inputs.safetensors} and compares every tensor of {@code
 * outputs.safetensors} (the engine of {@code difflens model check}). New kinds: one {@link
 * io.difflens.models.golden.GoldenKind} constant plus one runner in {@code internal}.
 */
package io.difflens.models.golden;
