package io.difflens.datasets.suites;

import io.difflens.datasets.CaptionItem;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.Suite;
import io.difflens.datasets.world.Captioner;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import io.difflens.datasets.world.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** {@code synth-captions}: images with {@value #REFERENCES} distinct reference captions each, like COCO. */
public final class SynthCaptions {

    /** The suite's name. */
    public static final String NAME = "synth-captions";

    /** Reference captions per image. */
    public static final int REFERENCES = 5;

    /**
     * One generated item with its scene.
     *
     * @param item the benchmark item
     * @param scene the scene its image renders
     */
    public record Example(CaptionItem item, Scene scene) {
    }

    private final SceneGenerator scenes;
    private final SceneRenderer renderer;
    private final Captioner captioner = new Captioner();

    public SynthCaptions(SuiteOptions options) {
        this.scenes = new SceneGenerator(options.scenes());
        this.renderer = new SceneRenderer(options.render());
    }

    /** The suite of {@code n} images from {@code seed}, split {@code test}. */
    public Suite<CaptionItem> generate(long seed, int n) {
        return new Suite<>(NAME, seed, examples(seed, n).stream().map(Example::item).toList());
    }

    /** The items with their scenes. */
    public List<Example> examples(long seed, int n) {
        SynthVqa.requireCount(n);
        SplittableRandom root = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            for (int attempt = 0;; attempt++) {
                SynthVqa.requireAttempts(attempt, REFERENCES + " distinct captions", scenes);
                Scene scene = scenes.generate(rng);
                List<String> refs = captioner.references(scene, REFERENCES, rng);
                if (refs.size() == REFERENCES) {
                    out.add(new Example(new CaptionItem(Ids.of(NAME, seed, i), ImageSource.of(renderer.png(scene)),
                            CaptionItem.DEFAULT_PROMPT, refs, "test"), scene));
                    break;
                }
            }
        }
        return out;
    }
}
