/**
 * Building the events every pipeline service writes in one way: tensors as little-endian F16/F32
 * ({@link io.difflens.platform.events.Tensors}), answers and dead letters
 * ({@link io.difflens.platform.events.AnswerEvents}, {@link io.difflens.platform.events.AvroDeadLetters}).
 * No neural-network code here.
 */
package io.difflens.platform.events;
