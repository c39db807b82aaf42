/**
 * The synthetic visual world: {@link io.difflens.datasets.world.Scene}s of shapes on a 3x3 grid drawn by
 * {@link io.difflens.datasets.world.SceneGenerator}, rendered by {@link io.difflens.datasets.world.SceneRenderer},
 * described by {@link io.difflens.datasets.world.Captioner} and questioned by {@link
 * io.difflens.datasets.world.QuestionGenerator}, whose answers the {@link io.difflens.datasets.world.Query}
 * computes from the scene. Everything is deterministic in the injected random generator.
 */
package io.difflens.datasets.world;
