/**
 * transformers' CLIP towers built from their {@code config.json}: {@link
 * io.difflens.models.clip.ClipTextModel} ({@code CLIPTextModel} and {@code
 * CLIPTextModelWithProjection}, every hidden state kept for SD2/SDXL's penultimate layer) and
 * {@link io.difflens.models.clip.ClipVisionModel} (LLaVA's vision tower). Layers live in {@code
 * internal}.
 */
package io.difflens.models.clip;
