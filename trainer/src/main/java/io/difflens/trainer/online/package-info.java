/**
 * The online LoRA trainer: {@link io.difflens.trainer.online.OnlineTrainerService} consumes
 * {@code training.examples}, trains a LoRA adapter on the UNet's cross-attention with the denoising
 * objective, and releases improved adapters on {@code model.adapters}. See the module README for why this
 * objective. {@code internal} holds the trainer, the augmentation, the batch step and the release history.
 */
package io.difflens.trainer.online;
