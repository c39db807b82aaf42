/**
 * The image-text matching service: {@code itm.requests} in, {@code itm.scores} out, exactly once.
 * {@link io.difflens.featureextractor.itm.ItmService} wires the platform's transactional processor to the
 * models' {@code AttentionMatcher}; {@code internal} holds the request planner and the batch step.
 */
package io.difflens.featureextractor.itm;
