/**
 * Benchmark suites generated from a seed ({@link io.difflens.datasets.suites.SuiteKind}: synth-vqa, synth-mmvp,
 * synth-winoground, synth-captions) and training-data generators ({@link
 * io.difflens.datasets.suites.SynthImageCaptions}, {@link io.difflens.datasets.suites.SynthConversations}).
 */
package io.difflens.datasets.suites;
