package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    private static List<Scene> scenes(SceneConfig config, long seed, int n) {
        SceneGenerator gen = new SceneGenerator(config);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Scene> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(gen.generate(rng));
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameScenesAndTheSamePngBytes() {
        SceneRenderer renderer = new SceneRenderer(RenderConfig.DEFAULT);
        List<Scene> a = scenes(SceneConfig.DEFAULT, 42, 50);
        List<Scene> b = scenes(SceneConfig.DEFAULT, 42, 50);
        assertThat(a).isEqualTo(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(renderer.png(a.get(i))).isEqualTo(renderer.png(b.get(i)));
        }
    }

    @Test
    void differentSeedsGiveDifferentScenes() {
        assertThat(scenes(SceneConfig.DEFAULT, 1, 20)).isNotEqualTo(scenes(SceneConfig.DEFAULT, 2, 20));
    }

    @Test
    void scenesRespectTheConfigurationAndContainDistractorsAndRepeats() {
        SceneConfig config = SceneConfig.CROWDED;
        List<Scene> all = scenes(config, 7, 500);
        int withSameShapeDistractor = 0;
        int withSameColourDistractor = 0;
        int withRepeat = 0;
        int small = 0;
        int objects = 0;
        for (Scene s : all) {
            assertThat(s.objects().size()).isBetween(config.minObjects(), config.maxObjects());
            boolean shapeD = false;
            boolean colourD = false;
            boolean repeat = false;
            for (SceneObject x : s.objects()) {
                assertThat(x.shape().oriented()).isEqualTo(x.orientation() != Orientation.NONE);
                objects++;
                small += x.size() == Size.SMALL ? 1 : 0;
                for (SceneObject y : s.objects()) {
                    if (x == y) {
                        continue;
                    }
                    shapeD |= x.shape() == y.shape() && x.colour() != y.colour();
                    colourD |= x.colour() == y.colour() && x.shape() != y.shape();
                    repeat |= x.shape() == y.shape() && x.colour() == y.colour();
                }
            }
            withSameShapeDistractor += shapeD ? 1 : 0;
            withSameColourDistractor += colourD ? 1 : 0;
            withRepeat += repeat ? 1 : 0;
        }
        assertThat(withSameShapeDistractor).isGreaterThan(all.size() * 6 / 10);
        assertThat(withSameColourDistractor).isGreaterThan(all.size() * 6 / 10);
        assertThat(withRepeat).isGreaterThan(all.size() / 3);
        assertThat(small / (double) objects).isBetween(0.6, 0.8);
    }

    @Test
    void everyObjectCountFromOneToEightOccursWithTheDefaultConfiguration() {
        List<Integer> sizes = scenes(SceneConfig.DEFAULT, 3, 400).stream().map(s -> s.objects().size()).distinct()
                .sorted().toList();
        assertThat(sizes).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void restrictedPalettesAreHonoured() {
        SceneConfig two = new SceneConfig(2, 4, EnumSet.of(Shape.CIRCLE, Shape.SQUARE),
                EnumSet.of(Colour.RED, Colour.BLUE), 0.5, 0.2, 0.5);
        for (Scene s : scenes(two, 9, 100)) {
            assertThat(s.objects()).allSatisfy(o -> {
                assertThat(o.shape()).isIn(Shape.CIRCLE, Shape.SQUARE);
                assertThat(o.colour()).isIn(Colour.RED, Colour.BLUE);
            });
        }
    }

    @Test
    void paletteColoursAreFarApartAndFarFromTheBackground() {
        for (Colour a : Colour.values()) {
            assertThat(distance(a.rgb(), Colour.BACKGROUND_RGB)).as(a.word()).isGreaterThan(150);
            for (Colour b : Colour.values()) {
                if (a != b) {
                    assertThat(distance(a.rgb(), b.rgb())).as(a.word() + " vs " + b.word()).isGreaterThan(120);
                }
            }
        }
    }

    private static double distance(int p, int q) {
        double s = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void invalidValuesAreRejectedWithTheOffendingValues() {
        assertThatThrownBy(() -> SceneConfig.DEFAULT.withObjects(0, 3)).hasMessageContaining("min 0");
        assertThatThrownBy(() -> SceneConfig.DEFAULT.withObjects(2, 9)).hasMessageContaining("max 9");
        assertThatThrownBy(() -> new RenderConfig(8, 4)).hasMessageContaining("8");
        assertThatThrownBy(() -> new SceneObject(Shape.ARROW, Colour.RED, Size.SMALL, new Cell(0, 0), Orientation.NONE))
                .hasMessageContaining("arrow");
        assertThatThrownBy(() -> new Scene(List.of(SceneObject.of(Shape.CIRCLE, Colour.RED, Size.SMALL, new Cell(1, 1)),
                SceneObject.of(Shape.STAR, Colour.RED, Size.SMALL, new Cell(1, 1))))).hasMessageContaining("share cell");
        assertThatThrownBy(() -> new Cell(3, 0)).hasMessageContaining("(3, 0)");
    }

    @Test
    void sceneObjectsAreKeptInCanonicalOrder() {
        SceneObject a = SceneObject.of(Shape.CIRCLE, Colour.RED, Size.SMALL, new Cell(2, 2));
        SceneObject b = SceneObject.of(Shape.STAR, Colour.BLUE, Size.LARGE, new Cell(0, 1));
        assertThat(new Scene(List.of(a, b))).isEqualTo(new Scene(List.of(b, a)));
        assertThat(new Scene(List.of(a, b)).objects()).containsExactly(b, a);
    }

    @Test
    void largerResolutionsRenderTheSameLayout() {
        Scene s = scenes(SceneConfig.DEFAULT, 11, 1).get(0);
        assertThat(new SceneRenderer(RenderConfig.LARGE).render(s).getWidth()).isEqualTo(64);
        assertThat(new SceneRenderer(RenderConfig.DEFAULT).render(s).getWidth()).isEqualTo(32);
        assertThat(new SceneRenderer(new RenderConfig(48, 1)).render(s).getHeight()).isEqualTo(48);
    }
}
