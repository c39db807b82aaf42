package io.difflens.datasets.suites;

import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.SceneConfig;
import java.util.Objects;

/**
 * What the synthetic suites draw and how they render it.
 *
 * @param scenes the scene distribution (for synth-vqa, synth-mmvp, synth-captions; synth-winoground builds its
 *     own two-object scenes plus distractors)
 * @param render the image resolution
 */
public record SuiteOptions(SceneConfig scenes, RenderConfig render) {

    /** 1-8 objects at 32x32. */
    public static final SuiteOptions DEFAULT = new SuiteOptions(SceneConfig.DEFAULT, RenderConfig.DEFAULT);

    public SuiteOptions {
        Objects.requireNonNull(scenes, "scenes");
        Objects.requireNonNull(render, "render");
    }

    public SuiteOptions withScenes(SceneConfig s) {
        return new SuiteOptions(s, render);
    }

    public SuiteOptions withRender(RenderConfig r) {
        return new SuiteOptions(scenes, r);
    }
}
