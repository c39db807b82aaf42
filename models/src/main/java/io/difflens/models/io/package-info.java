/**
 * Safetensors checkpoints: {@link io.difflens.models.io.Safetensors#open} reads single files,
 * sharded checkpoints ({@code *.safetensors.index.json}) and folders through per-tensor memory maps
 * (any file size; F32/F16/BF16/F64 load as float32, I64/I32 as int64); {@link
 * io.difflens.models.io.Safetensors#write} writes the project's own checkpoints (F32/F16).
 */
package io.difflens.models.io;
