/** LLaVA's multimodal projector ({@code linear}, {@code mlp2x_gelu}) with LLaVA's key names. */
package io.difflens.models.projector;
