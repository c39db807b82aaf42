package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuestionGeneratorTest {

    private final QuestionGenerator questions = new QuestionGenerator();

    private record Asked(Scene scene, Question question) {
    }

    private List<Asked> ask(SceneConfig config, int scenes, long seed) {
        SceneGenerator gen = new SceneGenerator(config);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Asked> out = new ArrayList<>();
        for (int i = 0; i < scenes; i++) {
            Scene s = gen.generate(rng);
            for (Question q : questions.askAll(s, rng)) {
                out.add(new Asked(s, q));
            }
        }
        return out;
    }

    @Test
    void everyKindIsAskedAndEveryAnswerIsTheQuerysUniqueAnswer() {
        Map<QuestionKind, Integer> perKind = new EnumMap<>(QuestionKind.class);
        for (Asked a : ask(SceneConfig.DEFAULT, 300, 1)) {
            perKind.merge(a.question().kind(), 1, Integer::sum);
            assertThat(a.question().query().answer(a.scene())).contains(a.question().answer());
        }
        assertThat(perKind.keySet()).containsExactlyInAnyOrder(QuestionKind.values());
    }

    @Test
    void singleObjectQuestionsReferToExactlyOneObject() {
        for (Asked a : ask(SceneConfig.CROWDED, 200, 2)) {
            Query q = a.question().query();
            Description ref = switch (q.kind()) {
                case COLOR -> ((Query.ColourOf) q).referent();
                case SHAPE -> ((Query.ShapeOf) q).referent();
                case SIZE -> ((Query.SizeOf) q).referent();
                case POSITION -> ((Query.PositionOf) q).referent();
                case ORIENTATION -> ((Query.OrientationOf) q).referent();
                default -> null;
            };
            if (ref != null) {
                assertThat(a.scene().select(ref)).as(a.question().text()).hasSize(1);
            }
        }
    }

    @Test
    void questionsDoNotGiveTheirAnswerAway() {
        for (Asked a : ask(SceneConfig.CROWDED, 200, 3)) {
            QuestionKind k = a.question().kind();
            if (k == QuestionKind.COLOR || k == QuestionKind.SHAPE) {
                assertThat(a.question().text().toLowerCase()).as(a.question().text())
                        .doesNotContain(" " + a.question().answer());
            }
        }
    }

    /**
     * In crowded scenes most colour questions name an object whose colour differs from some other object sharing
     * its shape or its size: the object has to be found, the scene's colours alone do not answer.
     */
    @Test
    void colourQuestionsInCrowdedScenesNeedTheQueriedObjectFoundAmongDistractors() {
        int total = 0;
        int needsFinding = 0;
        for (Asked a : ask(SceneConfig.CROWDED, 300, 4)) {
            if (a.question().kind() != QuestionKind.COLOR) {
                continue;
            }
            total++;
            SceneObject target = a.question().query().subjects(a.scene()).get(0);
            long otherColours = a.scene().objects().stream().map(SceneObject::colour)
                    .filter(c -> c != target.colour()).count();
            boolean sameShapeOtherColour = a.scene().count(o -> o.shape() == target.shape()
                    && o.colour() != target.colour()) > 0;
            needsFinding += otherColours > 0 && (sameShapeOtherColour || otherColours >= 2) ? 1 : 0;
        }
        assertThat(needsFinding / (double) total).isGreaterThan(0.85);
    }

    /**
     * The queried object's colour is drawn uniformly among the colours of describable objects, not weighted by
     * how many objects have it: in crowded scenes, guessing the scene's most common colour (what a
     * question-blind, histogram-like feature would suggest) answers well under half of the colour questions.
     */
    @Test
    void theScenesMostCommonColourIsAPoorAnswerInCrowdedScenes() {
        int total = 0;
        int majorityRight = 0;
        for (Asked a : ask(SceneConfig.CROWDED, 600, 8)) {
            if (a.question().kind() != QuestionKind.COLOR) {
                continue;
            }
            Map<Colour, Integer> histogram = new EnumMap<>(Colour.class);
            a.scene().objects().forEach(o -> histogram.merge(o.colour(), 1, Integer::sum));
            Colour majority = java.util.Collections.max(histogram.entrySet(), Map.Entry.comparingByValue()).getKey();
            majorityRight += majority.word().equals(a.question().answer()) ? 1 : 0;
            total++;
        }
        assertThat(total).isGreaterThan(300);
        assertThat(majorityRight / (double) total).isLessThan(0.5);
    }

    @Test
    void twoOptionQuestionsHoldTheAnswerAndOneDistinctWrongOption() {
        SplittableRandom rng = new SplittableRandom(5);
        int answerFirst = 0;
        List<Asked> all = ask(SceneConfig.DEFAULT, 200, 5);
        for (Asked a : all) {
            Question mc = questions.withTwoOptions(a.question(), a.scene(), rng);
            assertThat(mc.options()).hasSize(2).contains(a.question().answer()).doesNotHaveDuplicates();
            answerFirst += mc.answerIndex() == 0 ? 1 : 0;
        }
        assertThat(answerFirst / (double) all.size()).isBetween(0.4, 0.6);
    }

    @Test
    void existenceAndRelationAnswersAreBalanced() {
        int yes = 0;
        int total = 0;
        for (Asked a : ask(SceneConfig.DEFAULT, 400, 6)) {
            if (a.question().kind() == QuestionKind.EXISTENCE || a.question().kind() == QuestionKind.RELATION) {
                total++;
                yes += a.question().answer().equals("yes") ? 1 : 0;
            }
        }
        assertThat(yes / (double) total).isBetween(0.4, 0.6);
    }

    @Test
    void ambiguousQueriesHaveNoAnswer() {
        Scene twoStars = new Scene(List.of(SceneObject.of(Shape.STAR, Colour.RED, Size.SMALL, new Cell(0, 0)),
                SceneObject.of(Shape.STAR, Colour.BLUE, Size.LARGE, new Cell(2, 2))));
        assertThat(new Query.ColourOf(Description.of(Shape.STAR)).answer(twoStars)).isEmpty();
        assertThat(new Query.ColourOf(new Description(Size.LARGE, null, Shape.STAR, null)).answer(twoStars))
                .contains("blue");
        assertThat(new Query.CountOf(Description.of(Shape.STAR)).answer(twoStars)).contains("2");
        assertThat(new Query.RelationOf(new Description(null, Colour.RED, null, null), Relation.ABOVE,
                new Description(null, Colour.BLUE, null, null)).answer(twoStars)).contains("yes");
        Scene sameColumn = new Scene(List.of(SceneObject.of(Shape.STAR, Colour.RED, Size.SMALL, new Cell(0, 0)),
                SceneObject.of(Shape.CIRCLE, Colour.BLUE, Size.SMALL, new Cell(2, 0))));
        assertThat(new Query.RelationOf(Description.of(Shape.STAR), Relation.LEFT_OF, Description.of(Shape.CIRCLE))
                .answer(sameColumn)).isEmpty();
    }
}
