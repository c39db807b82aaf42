package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthVqa;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks computed answers against the rendered pixels, read back without the scene model where the pixels alone
 * can decide (colours, counts per colour, positions and relations of uniquely coloured objects, orientation,
 * size). The scene model only says which cell to look at for the queried object.
 */
class RenderedAnswersTest {

    private static final int SAMPLES = 400;

    private static final Map<Integer, List<SynthVqa.Example>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<SynthVqa.Example> examples(int size) {
        return CACHE.computeIfAbsent(size, RenderedAnswersTest::generate);
    }

    private static List<SynthVqa.Example> generate(int size) {
        SuiteOptions options = SuiteOptions.DEFAULT.withScenes(SceneConfig.CROWDED).withRender(RenderConfig.ofSize(size));
        return new SynthVqa(options).examples(20_261_126L + size, SAMPLES);
    }

    private static Window window(Cell cell, int size) {
        double cs = size / 3.0;
        return new Window((int) Math.ceil(cell.column() * cs), (int) Math.ceil(cell.row() * cs),
                (int) Math.floor((cell.column() + 1) * cs), (int) Math.floor((cell.row() + 1) * cs));
    }

    private record Window(int x0, int y0, int x1, int y1) {
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void colourAnswersAreTheDominantColourOfTheQueriedObjectsCell(int size) {
        int checked = 0;
        for (SynthVqa.Example e : examples(size)) {
            if (e.question().kind() != QuestionKind.COLOR) {
                continue;
            }
            Pixels px = new Pixels(e.item().image().decode());
            SceneObject subject = e.question().query().subjects(e.scene()).get(0);
            Window w = window(subject.cell(), size);
            assertThat(px.dominant(w.x0, w.y0, w.x1, w.y1).word()).as(e.question().text()).isEqualTo(e.question().answer());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(SAMPLES / QuestionKind.values().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {64})
    void colourAnswersMatchThePixelAtTheObjectsCentre(int size) {
        RenderConfig render = RenderConfig.ofSize(size);
        for (SynthVqa.Example e : examples(size)) {
            if (e.question().kind() != QuestionKind.COLOR) {
                continue;
            }
            SceneObject subject = e.question().query().subjects(e.scene()).get(0);
            double[] c = render.centre(subject.cell());
            Colour seen = new Pixels(e.item().image().decode()).nearest((int) c[0], (int) c[1]);
            assertThat(seen).as(e.question().text()).isNotNull();
            assertThat(seen.word()).as(e.question().text()).isEqualTo(e.question().answer());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void everyColourHasAsManyConnectedComponentsAsObjects(int size) {
        SceneGenerator gen = new SceneGenerator(SceneConfig.CROWDED);
        SceneRenderer renderer = new SceneRenderer(RenderConfig.ofSize(size));
        SplittableRandom rng = new SplittableRandom(size);
        for (int i = 0; i < 150; i++) {
            Scene scene = gen.generate(rng);
            Pixels px = new Pixels(renderer.render(scene));
            Map<Colour, Integer> counted = new EnumMap<>(Colour.class);
            for (Colour c : Colour.values()) {
                counted.put(c, px.components(c, 0.75).size());
            }
            Map<Colour, Integer> expected = new EnumMap<>(Colour.class);
            for (Colour c : Colour.values()) {
                expected.put(c, scene.count(o -> o.colour() == c));
            }
            assertThat(counted).as("%s", scene).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void colourOnlyCountAnswersMatchTheComponentCount(int size) {
        int checked = 0;
        for (SynthVqa.Example e : examples(size)) {
            if (!(e.question().query() instanceof Query.CountOf count) || count.what().colour() == null
                    || count.what().shape() != null || count.what().size() != null) {
                continue;
            }
            Pixels px = new Pixels(e.item().image().decode());
            assertThat(Integer.toString(px.components(count.what().colour(), 0.75).size()))
                    .as(e.question().text()).isEqualTo(e.question().answer());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void positionAndRelationAnswersMatchPixelCentroidsOfUniquelyColouredObjects(int size) {
        int checked = 0;
        double cs = size / 3.0;
        for (SynthVqa.Example e : examples(size)) {
            QuestionKind kind = e.question().kind();
            if (kind != QuestionKind.POSITION && kind != QuestionKind.RELATION) {
                continue;
            }
            List<SceneObject> subjects = e.question().query().subjects(e.scene());
            if (subjects.stream().anyMatch(o -> e.scene().count(x -> x.colour() == o.colour()) != 1)) {
                continue;
            }
            Pixels px = new Pixels(e.item().image().decode());
            List<Pixels.Component> comps = subjects.stream()
                    .map(o -> px.components(o.colour(), 0.5)).map(l -> {
                        assertThat(l).hasSize(1);
                        return l.get(0);
                    }).toList();
            if (e.question().query() instanceof Query.RelationOf rel) {
                Pixels.Component a = comps.get(0);
                Pixels.Component b = comps.get(1);
                boolean holds = switch (rel.relation()) {
                    case LEFT_OF -> a.cx() < b.cx() - cs / 2;
                    case RIGHT_OF -> a.cx() > b.cx() + cs / 2;
                    case ABOVE -> a.cy() < b.cy() - cs / 2;
                    case BELOW -> a.cy() > b.cy() + cs / 2;
                };
                assertThat(Query.yesNo(holds)).as(e.question().text()).isEqualTo(e.question().answer());
            } else {
                Pixels.Component a = comps.get(0);
                Cell seen = new Cell((int) (a.cy() / cs), (int) (a.cx() / cs));
                assertThat(seen.words()).as(e.question().text()).isEqualTo(e.question().answer());
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /**
     * Arrows are heavier on the head's side of their centre, triangles on the base's side (away from the tip);
     * the more unbalanced axis is the one the shape points along.
     */
    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void orientationAnswersMatchTheMassImbalanceOfTheShape(int size) {
        int checked = 0;
        for (SynthVqa.Example e : examples(size)) {
            if (e.question().kind() != QuestionKind.ORIENTATION) {
                continue;
            }
            SceneObject o = e.question().query().subjects(e.scene()).get(0);
            Pixels px = new Pixels(e.item().image().decode());
            Window w = window(o.cell(), size);
            // Objects are drawn centred on their cell: split the coverage mass at the cell centre (a pixel on the
            // centre line counts for each side in proportion).
            double[] centre = RenderConfig.ofSize(size).centre(o.cell());
            double left = 0;
            double right = 0;
            double up = 0;
            double down = 0;
            for (int y = w.y0; y < w.y1; y++) {
                for (int x = w.x0; x < w.x1; x++) {
                    double f = px.coverage(o.colour(), x, y);
                    double leftShare = Math.max(0, Math.min(1, centre[0] - x));
                    double upShare = Math.max(0, Math.min(1, centre[1] - y));
                    left += f * leftShare;
                    right += f * (1 - leftShare);
                    up += f * upShare;
                    down += f * (1 - upShare);
                }
            }
            String heavy = Math.abs(right - left) > Math.abs(down - up) ? (right > left ? "right" : "left")
                    : (down > up ? "down" : "up");
            String pointing = o.shape() == Shape.ARROW ? heavy : Orientation.valueOf(heavy.toUpperCase()).opposite().word();
            assertThat(pointing).as("%s in %s", e.question().text(), e.scene()).isEqualTo(e.question().answer());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(SAMPLES / QuestionKind.values().length);
    }

    /**
     * Large objects span at least 0.70 of a cell (a large square: 1.6 x 0.44), small ones at most 0.52 (a small
     * diamond: 2 x 0.26): the extent tells them apart.
     */
    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void sizeAnswersMatchTheObjectsPixelExtent(int size) {
        double threshold = 0.61 * size / 3.0;
        for (SynthVqa.Example e : examples(size)) {
            if (e.question().kind() != QuestionKind.SIZE) {
                continue;
            }
            SceneObject o = e.question().query().subjects(e.scene()).get(0);
            Pixels px = new Pixels(e.item().image().decode());
            Window w = window(o.cell(), size);
            // Projected width and height with sub-pixel edges: each column (row) counts with the highest
            // coverage it has, so a half-covered edge column adds half a pixel.
            double[] columns = new double[size];
            double[] rows = new double[size];
            for (int y = w.y0; y < w.y1; y++) {
                for (int x = w.x0; x < w.x1; x++) {
                    double f = px.coverage(o.colour(), x, y);
                    columns[x] = Math.max(columns[x], f);
                    rows[y] = Math.max(rows[y], f);
                }
            }
            double extent = Math.max(java.util.Arrays.stream(columns).sum(), java.util.Arrays.stream(rows).sum());
            assertThat(extent > threshold ? "large" : "small").as(e.question().text()).isEqualTo(e.question().answer());
        }
    }
}
