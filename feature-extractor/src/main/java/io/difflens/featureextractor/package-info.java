/**
 * The feature-extractor service: {@code vqa.requests} to {@code vqa.features}, or co-located straight to
 * {@code vqa.answers}, exactly once ({@link io.difflens.featureextractor.FeatureExtractorService}), with LoRA
 * adapters hot-swapped between batches from {@code model.adapters}
 * ({@link io.difflens.featureextractor.AdapterFollower}). The batch function and request checks are in
 * {@code internal}.
 */
package io.difflens.featureextractor;
