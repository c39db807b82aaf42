package io.difflens.datasets.suites;

import io.difflens.datasets.world.Caption;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Captioner;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneRenderer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Training pairs (not a benchmark): a fresh scene and one caption, its style drawn from the given styles, for
 * contrastive and denoising training. Images are left as {@link BufferedImage}s (no PNG round trip in a
 * training loop).
 */
public final class SynthImageCaptions {

    /**
     * One pair.
     *
     * @param scene the scene
     * @param image its rendering
     * @param caption a caption of it
     */
    public record Example(Scene scene, BufferedImage image, Caption caption) {
        public Example {
            Objects.requireNonNull(scene, "scene");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(caption, "caption");
        }
    }

    private final SceneGenerator scenes;
    private final SceneRenderer renderer;
    private final Captioner captioner = new Captioner();

    public SynthImageCaptions(SuiteOptions options) {
        this.scenes = new SceneGenerator(options.scenes());
        this.renderer = new SceneRenderer(options.render());
    }

    /** {@code n} pairs from {@code seed}, caption styles drawn uniformly from {@code styles}. */
    public List<Example> generate(long seed, int n, List<CaptionStyle> styles) {
        SynthVqa.requireCount(n);
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("need at least one caption style");
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            Scene scene = scenes.generate(rng);
            CaptionStyle style = SceneGenerator.pick(styles, rng);
            out.add(new Example(scene, renderer.render(scene), captioner.caption(scene, style, rng)));
        }
        return out;
    }
}
