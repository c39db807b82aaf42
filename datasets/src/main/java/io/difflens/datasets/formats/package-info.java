/**
 * Readers and writers of the public benchmark layouts (MMVP, MMVP-VLM, Winoground, BLINK, COCO-Karpathy,
 * LLaVA-Bench-in-the-Wild, LLaVA conversation JSON). The readers serve the real benchmarks; the writers export
 * the synthetic suites in the same layouts ({@link io.difflens.datasets.formats.SuiteExport}).
 */
package io.difflens.datasets.formats;
