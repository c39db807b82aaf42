/**
 * The answerer service: {@code vqa.features} to {@code vqa.answers}, exactly once
 * ({@link io.difflens.answerer.AnswererService}); the batch function is {@code internal.AnswerStep}.
 */
package io.difflens.answerer;
