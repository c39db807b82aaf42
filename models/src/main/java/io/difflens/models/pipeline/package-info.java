/**
 * The three pipelines over a {@link io.difflens.models.bundle.ModelBundle}:
 * {@link io.difflens.models.pipeline.FeatureExtractor} (images + prompts to task-aware visual
 * tokens), {@link io.difflens.models.pipeline.AttentionMatcher} (images × texts to a score matrix)
 * and {@link io.difflens.models.pipeline.Answerer} (features + question to text), plus the prompt
 * and conditioning helpers they share. All are thread-safe, scope native memory per call and take
 * their randomness from the request's seed.
 */
package io.difflens.models.pipeline;
