package io.difflens.datasets.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.datasets.Conversation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaptionerTest {

    private final Captioner captioner = new Captioner();

    private static List<Scene> scenes(int n, long seed) {
        SceneGenerator gen = new SceneGenerator(SceneConfig.DEFAULT);
        SplittableRandom rng = new SplittableRandom(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> gen.generate(rng)).toList();
    }

    @Test
    void fullCaptionsMentionEveryObjectWithItsPosition() {
        SplittableRandom rng = new SplittableRandom(1);
        for (Scene s : scenes(200, 1)) {
            String c = captioner.caption(s, CaptionStyle.FULL, rng).text().toLowerCase(java.util.Locale.ROOT);
            for (SceneObject o : s.objects()) {
                assertThat(c).contains(o.phrase()).contains(o.cell().locative());
            }
        }
    }

    @Test
    void countCaptionsCountEveryColourAndShape() {
        SplittableRandom rng = new SplittableRandom(2);
        for (Scene s : scenes(200, 2)) {
            String c = captioner.caption(s, CaptionStyle.COUNTS, rng).text().toLowerCase();
            for (SceneObject o : s.objects()) {
                int n = s.count(x -> x.colour() == o.colour() && x.shape() == o.shape());
                String expected = n == 1 ? o.colour().word() + " " + o.shape().noun()
                        : Captioner.numberWord(n) + " " + o.colour().word() + " " + o.shape().plural();
                assertThat(c).contains(expected);
            }
        }
    }

    @Test
    void referencesAreDistinctAndDeterministic() {
        for (Scene s : scenes(100, 3)) {
            List<String> a = captioner.references(s, 5, new SplittableRandom(9));
            List<String> b = captioner.references(s, 5, new SplittableRandom(9));
            assertThat(a).isEqualTo(b).hasSize(5).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyStyleProducesText() {
        SplittableRandom rng = new SplittableRandom(4);
        for (Scene s : scenes(100, 4)) {
            for (CaptionStyle style : CaptionStyle.values()) {
                assertThat(captioner.caption(s, style, rng).text()).isNotBlank();
            }
        }
    }

    @Test
    void conversationsAlternateOpenWithTheImageAndAnswerFromTheScene() {
        ConversationGenerator gen = new ConversationGenerator();
        QuestionGenerator qg = new QuestionGenerator();
        SplittableRandom rng = new SplittableRandom(5);
        int multiTurn = 0;
        int checked = 0;
        for (Scene s : scenes(100, 5)) {
            Conversation c = gen.conversation("c", "c.png", s, 4, rng);
            assertThat(c.turns().get(0).value()).contains(Conversation.IMAGE_TOKEN);
            assertThat(c.turns()).hasSizeLessThanOrEqualTo(8);
            multiTurn += c.turns().size() > 2 ? 1 : 0;
            // A question's wording determines its meaning: every question turn is answered with the answer the
            // generator computes for the same wording in this scene.
            java.util.Map<String, String> answers = new java.util.HashMap<>();
            for (int i = 0; i < 60; i++) {
                qg.askAll(s, rng).forEach(q -> answers.put(q.text(), q.answer()));
            }
            for (int t = 0; t < c.turns().size(); t += 2) {
                String human = c.turns().get(t).value().replace(Conversation.IMAGE_TOKEN, "")
                        .replace(ConversationGenerator.SHORT_ANSWER_HINT, "").strip();
                if (answers.containsKey(human)) {
                    checked++;
                    assertThat(c.turns().get(t + 1).value()).as(human).isEqualTo(answers.get(human));
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(multiTurn).isGreaterThan(30);
    }
}
