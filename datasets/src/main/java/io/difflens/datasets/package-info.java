/**
 * Benchmark items shared by the synthetic suites and the public-format readers: {@link
 * io.difflens.datasets.QuestionItem} (VQA, multiple choice, MMVP pairs, BLINK), {@link
 * io.difflens.datasets.CaptionItem} (captioning), {@link io.difflens.datasets.MatchingItem} (image-text matching),
 * {@link io.difflens.datasets.Conversation} (LLaVA training conversations), grouped in a {@link
 * io.difflens.datasets.Suite}. Images are {@link io.difflens.datasets.ImageSource}s: in memory or a file.
 */
package io.difflens.datasets;
