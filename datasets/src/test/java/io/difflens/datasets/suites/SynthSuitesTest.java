package io.difflens.datasets.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.datasets.CaptionItem;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Cell;
import io.difflens.datasets.world.Orientation;
import io.difflens.datasets.world.QuestionKind;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.datasets.world.SceneObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SynthSuitesTest {

    private static final SuiteOptions OPTIONS = SuiteOptions.DEFAULT;

    @Test
    void synthVqaIsBalancedOpenAndAnsweredByItsScenes() {
        List<SynthVqa.Example> examples = new SynthVqa(OPTIONS).examples(5, 80);
        Map<String, Long> perCategory = examples.stream()
                .collect(Collectors.groupingBy(e -> e.item().category(), TreeMap::new, Collectors.counting()));
        assertThat(perCategory).hasSize(QuestionKind.values().length).allSatisfy((k, v) -> assertThat(v).isEqualTo(10));
        assertThat(examples.stream().map(e -> e.item().id()).distinct()).hasSize(80);
        for (SynthVqa.Example e : examples) {
            assertThat(e.item().options()).isEmpty();
            assertThat(e.item().prompt()).isEqualTo(e.question().text());
            assertThat(e.question().query().answer(e.scene())).contains(e.item().answer());
            assertThat(e.item().image().decode().getWidth()).isEqualTo(32);
        }
    }

    @Test
    void synthVqaCanBeRestrictedToSomeKinds() {
        List<QuestionItem> items = new SynthVqa(OPTIONS, List.of(QuestionKind.COLOR, QuestionKind.SHAPE))
                .generate(2, 10).items();
        assertThat(items).extracting(QuestionItem::category).containsOnly("color", "shape");
        assertThatThrownBy(() -> new SynthVqa(OPTIONS, List.of())).hasMessageContaining("at least one");
    }

    @Test
    void everySuiteIsDeterministicInItsSeed() {
        for (SuiteKind kind : SuiteKind.values()) {
            Suite<?> a = kind.generate(11, 12, OPTIONS);
            Suite<?> b = kind.generate(11, 12, OPTIONS);
            Suite<?> c = kind.generate(12, 12, OPTIONS);
            assertThat(a).as(kind.suiteName()).isEqualTo(b);
            assertThat(a.items()).as(kind.suiteName()).isNotEqualTo(c.items());
            assertThat(a.name()).isEqualTo(kind.suiteName());
        }
    }

    @Test
    void mmvpPairsDifferInExactlyTheStatedAttributeAndHaveDifferentAnswers() {
        List<SynthMmvp.Pair> pairs = new SynthMmvp(OPTIONS).pairs(21, 64);
        Map<Variation, Integer> variations = new TreeMap<>();
        for (SynthMmvp.Pair p : pairs) {
            QuestionItem first = p.items().get(0);
            QuestionItem second = p.items().get(1);
            assertThat(first.question()).isEqualTo(second.question());
            assertThat(first.options()).isEqualTo(second.options()).hasSize(2);
            assertThat(first.answer()).isNotEqualTo(second.answer());
            assertThat(first.groupId()).isEqualTo(second.groupId()).isEqualTo(p.pairId());
            assertThat(first.image()).isNotEqualTo(second.image());
            for (int m = 0; m < 2; m++) {
                assertThat(p.questions().get(m).query().answer(p.scenes().get(m))).contains(p.items().get(m).answer());
            }
            assertDiffersOnlyIn(p.scenes().get(0), p.scenes().get(1), p.variation());
            variations.merge(p.variation(), 1, Integer::sum);
        }
        assertThat(variations.keySet()).containsExactlyInAnyOrder(Variation.values());
    }

    private static void assertDiffersOnlyIn(Scene a, Scene b, Variation v) {
        List<SceneObject> gone = new ArrayList<>(a.objects());
        gone.removeAll(b.objects());
        List<SceneObject> added = new ArrayList<>(b.objects());
        added.removeAll(a.objects());
        String what = v + ": " + a + " -> " + b;
        switch (v) {
            case COUNT -> assertThat(gone.size() + added.size()).as(what).isEqualTo(1);
            case SWAP -> {
                assertThat(gone).as(what).hasSize(2);
                assertThat(added).as(what).containsExactlyInAnyOrder(gone.get(0).withCell(gone.get(1).cell()),
                        gone.get(1).withCell(gone.get(0).cell()));
            }
            default -> {
                assertThat(gone).as(what).hasSize(1);
                assertThat(added).as(what).hasSize(1);
                SceneObject x = gone.get(0);
                SceneObject y = added.get(0);
                SceneObject xWithY = switch (v) {
                    case COLOUR -> x.withColour(y.colour());
                    case SHAPE -> x.withShape(y.shape(), Orientation.UP);
                    case SIZE -> x.withSize(y.size());
                    case ORIENTATION -> x.withOrientation(y.orientation());
                    case POSITION -> x.withCell(y.cell());
                    default -> throw new AssertionError(v);
                };
                assertThat(xWithY).as(what).isEqualTo(y);
                if (v == Variation.SHAPE) {
                    assertThat(x.orientation()).as(what).isEqualTo(y.orientation());
                }
                if (v == Variation.POSITION) {
                    assertThat(a.at(y.cell())).as(what).isEmpty();
                }
            }
        }
    }

    @Test
    void mmvpPairMembersHaveDifferentCorrectOptionsAtBothPositions() {
        List<QuestionItem> items = new SynthMmvp(OPTIONS).generate(3, 40).items();
        assertThat(items).hasSize(80);
        int firstMemberAnswersA = 0;
        for (int k = 0; k < items.size(); k += 2) {
            assertThat(items.get(k).answerLetter()).isNotEqualTo(items.get(k + 1).answerLetter());
            firstMemberAnswersA += items.get(k).answerIndex() == 0 ? 1 : 0;
        }
        assertThat(firstMemberAnswersA).isBetween(12, 28);
        assertThat(items.get(0).prompt()).endsWith(items.get(0).letteredOptions()).contains("(a) ").contains(" (b) ");
    }

    @Test
    void winogroundCaptionsArePermutationsAndEachIsTrueOfItsOwnImageOnly() {
        List<SynthWinoground.Group> groups = new SynthWinoground(OPTIONS).groups(8, 60);
        Map<String, Integer> categories = new TreeMap<>();
        for (SynthWinoground.Group g : groups) {
            MatchingItem item = g.item();
            String c0 = item.captions().get(0);
            String c1 = item.captions().get(1);
            assertThat(c0).isNotEqualTo(c1);
            assertThat(sortedWords(c0)).as(c0 + " / " + c1).isEqualTo(sortedWords(c1));
            for (int i = 0; i < 2; i++) {
                assertThat(g.statements().get(i).text()).isEqualTo(item.captions().get(i));
                assertThat(g.statements().get(i).holds(g.scenes().get(i))).isTrue();
                assertThat(g.statements().get(i).holds(g.scenes().get(1 - i))).isFalse();
            }
            // The images share every object outside the two cells the captions talk about.
            List<SceneObject> only0 = new ArrayList<>(g.scenes().get(0).objects());
            only0.removeAll(g.scenes().get(1).objects());
            List<Cell> changed = only0.stream().map(SceneObject::cell).toList();
            assertThat(changed).hasSizeBetween(1, 2);
            assertThat(g.scenes().get(0).objects().size()).isEqualTo(g.scenes().get(1).objects().size());
            categories.merge(item.category(), 1, Integer::sum);
        }
        assertThat(categories).containsOnlyKeys("color", "shape", "order").allSatisfy((k, v) -> assertThat(v).isEqualTo(20));
    }

    private static List<String> sortedWords(String s) {
        return Arrays.stream(s.split(" ")).sorted().toList();
    }

    @Test
    void captionImagesHaveFiveDistinctReferences() {
        List<CaptionItem> items = new SynthCaptions(OPTIONS).generate(4, 30).items();
        assertThat(items).hasSize(30).allSatisfy(i -> {
            assertThat(i.references()).hasSize(SynthCaptions.REFERENCES).doesNotHaveDuplicates();
            assertThat(i.split()).isEqualTo("test");
        });
    }

    @Test
    void trainingGeneratorsAreDeterministicAndUseTheRequestedStyles() {
        List<CaptionStyle> styles = List.of(CaptionStyle.FULL,
                CaptionStyle.QUESTION);
        List<SynthImageCaptions.Example> a = new SynthImageCaptions(OPTIONS).generate(3, 40, styles);
        List<SynthImageCaptions.Example> b = new SynthImageCaptions(OPTIONS).generate(3, 40, styles);
        assertThat(a).extracting(SynthImageCaptions.Example::caption)
                .isEqualTo(b.stream().map(SynthImageCaptions.Example::caption).toList());
        assertThat(a).extracting(e -> e.caption().style()).containsOnly(styles.toArray(new CaptionStyle[0]));
        assertThat(a.get(0).image().getRGB(0, 0, 32, 32, null, 0, 32))
                .isEqualTo(b.get(0).image().getRGB(0, 0, 32, 32, null, 0, 32));
        assertThat(new SynthConversations(OPTIONS).generate(4, 10, 3))
                .isEqualTo(new SynthConversations(OPTIONS).generate(4, 10, 3));
    }

    @Test
    void suitesAreFoundByName() {
        for (SuiteKind k : SuiteKind.values()) {
            assertThat(SuiteKind.fromName(k.suiteName())).isEqualTo(k);
        }
        assertThatThrownBy(() -> SuiteKind.fromName("synth-gqa")).hasMessageContaining("synth-gqa")
                .hasMessageContaining("synth-vqa");
    }

    @Test
    void crowdedSixtyFourPixelSuitesWork() {
        SuiteOptions big = OPTIONS.withScenes(SceneConfig.CROWDED)
                .withRender(RenderConfig.LARGE);
        QuestionItem item = new SynthMmvp(big).generate(1, 8).items().get(0);
        assertThat(item.image().decode().getWidth()).isEqualTo(64);
    }
}
