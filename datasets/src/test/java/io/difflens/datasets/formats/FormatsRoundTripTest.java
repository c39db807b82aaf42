package io.difflens.datasets.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.datasets.CaptionItem;
import io.difflens.datasets.Conversation;
import io.difflens.datasets.ImageFormat;
import io.difflens.datasets.ImageSource;
import io.difflens.datasets.MatchingItem;
import io.difflens.datasets.QuestionItem;
import io.difflens.datasets.Suite;
import io.difflens.datasets.suites.SuiteKind;
import io.difflens.datasets.suites.SuiteOptions;
import io.difflens.datasets.suites.SynthCaptions;
import io.difflens.datasets.suites.SynthConversations;
import io.difflens.datasets.suites.SynthMmvp;
import io.difflens.datasets.suites.SynthVqa;
import io.difflens.datasets.suites.SynthWinoground;
import io.difflens.datasets.world.Captioner;
import io.difflens.datasets.world.CaptionStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsRoundTripTest {

    private static final SuiteOptions OPTIONS = SuiteOptions.DEFAULT;

    @TempDir
    Path dir;

    private static void assertSameImage(ImageSource read, ImageSource written) {
        assertThat(read.bytes()).isEqualTo(written.bytes());
    }

    @Test
    void mmvpRoundTrip() {
        List<QuestionItem> items = new SynthMmvp(OPTIONS).generate(1, 12).items();
        MmvpFormat.write(dir, items);
        assertThat(dir.resolve("MMVP Images/1.png")).isRegularFile();
        List<QuestionItem> read = MmvpFormat.read(dir).items();
        assertThat(read).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            QuestionItem w = items.get(i);
            QuestionItem r = read.get(i);
            assertThat(r.id()).isEqualTo("mmvp-" + (i + 1));
            assertThat(r.question()).isEqualTo(w.question());
            assertThat(r.options()).isEqualTo(w.options());
            assertThat(r.answer()).isEqualTo(w.answer());
            assertThat(r.category()).isEqualTo(w.category());
            assertThat(r.prompt()).isEqualTo(w.prompt());
            assertThat(r.groupId()).isEqualTo(read.get(i - i % 2).groupId());
            assertSameImage(r.image(), w.image());
        }
        assertThat(read.get(0).groupId()).isNotEqualTo(read.get(2).groupId());
    }

    @Test
    void mmvpReaderReadsTheDistributedLayout() throws IOException {
        Files.writeString(dir.resolve("Questions.csv"), """
                Index,Question,Options,Correct Answer
                1,"Is the dog facing left, or right?",(a) Left (b) Right,(a)
                2,"Is the dog facing left, or right?",(a) Left (b) Right,(b)
                """);
        Path images = Files.createDirectories(dir.resolve("MMVP Images"));
        byte[] jpeg = Fixtures.jpeg();
        Files.write(images.resolve("1.jpg"), jpeg);
        Files.write(images.resolve("2.jpg"), jpeg);
        List<QuestionItem> read = MmvpFormat.read(dir).items();
        assertThat(read).extracting(QuestionItem::answer).containsExactly("Left", "Right");
        assertThat(read.get(0).question()).isEqualTo("Is the dog facing left, or right?");
        assertThat(read.get(0).category()).isEqualTo(MmvpFormat.DEFAULT_CATEGORY);
        assertThat(read.get(0).groupId()).isEqualTo(read.get(1).groupId());
        assertThat(read.get(1).image().format()).isEqualTo(ImageFormat.JPEG);
        assertThat(read.get(0).prompt()).isEqualTo("Is the dog facing left, or right? (a) Left (b) Right");
    }

    @Test
    void mmvpOptionsParse() {
        assertThat(MmvpFormat.parseOptions("(a) Open (b) Closed")).containsExactly("Open", "Closed");
        assertThat(MmvpFormat.parseOptions("(a) a (tall) tree (b) a bush")).containsExactly("a (tall) tree", "a bush");
        assertThatThrownBy(() -> MmvpFormat.parseOptions("Open or Closed")).hasMessageContaining("Open or Closed");
    }

    @Test
    void mmvpVlmRoundTripInBothFolderSpellings() throws IOException {
        List<MatchingItem> items = new SynthWinoground(OPTIONS).generate(2, 9).items();
        MmvpVlmFormat.write(dir, items);
        assertThat(dir.resolve("MLLM_VLM Images/color/1.png")).isRegularFile();
        assertMatching(MmvpVlmFormat.read(dir).items(), items);
        Files.move(dir.resolve(MmvpVlmFormat.IMAGES), dir.resolve(MmvpVlmFormat.IMAGES_ALT));
        List<MatchingItem> read = MmvpVlmFormat.read(dir).items();
        assertMatching(read, items);
        assertThat(read.get(0).id()).isEqualTo("mmvp-vlm-1");
    }

    private static void assertMatching(List<MatchingItem> read, List<MatchingItem> written) {
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).captions()).isEqualTo(written.get(i).captions());
            assertThat(read.get(i).category()).isEqualTo(written.get(i).category());
            for (int k = 0; k < 2; k++) {
                assertSameImage(read.get(i).images().get(k), written.get(i).images().get(k));
            }
        }
    }

    @Test
    void winogroundRoundTripAndTheReleasesDataFolder() {
        List<MatchingItem> items = new SynthWinoground(OPTIONS).generate(3, 6).items();
        WinogroundFormat.write(dir.resolve("data"), items);
        assertThat(dir.resolve("data/images/ex_0_img_1.png")).isRegularFile();
        List<MatchingItem> read = WinogroundFormat.read(dir).items();
        assertMatching(read, items);
        assertThat(read).extracting(MatchingItem::id).startsWith("winoground-0", "winoground-1");
        assertThat(WinogroundFormat.read(dir.resolve("data")).items()).isEqualTo(read);
    }

    @Test
    void blinkRoundTripWithMultiImageQuestions() {
        List<QuestionItem> items = new ArrayList<>(new SynthMmvp(OPTIONS).generate(4, 8).items());
        QuestionItem a = items.get(0);
        items.add(new QuestionItem("two-images", List.of(a.image(), items.get(1).image()), "Which image shows it?",
                List.of("the first", "the second", "neither"), "the second", "Multi_view", "two-images"));
        BlinkFormat.write(dir, "val", items);
        Suite<QuestionItem> read = BlinkFormat.read(dir, "val");
        assertThat(read.items()).hasSize(items.size());
        Map<String, QuestionItem> byId = new TreeMap<>();
        read.items().forEach(i -> byId.put(i.id(), i));
        for (QuestionItem w : items) {
            QuestionItem r = byId.get(w.category() + "-" + w.id());
            assertThat(r).as(w.id()).isNotNull();
            assertThat(r.question()).isEqualTo(w.question());
            assertThat(r.options()).isEqualTo(w.options());
            assertThat(r.answer()).isEqualTo(w.answer());
            assertThat(r.category()).isEqualTo(w.category());
            assertThat(r.images()).hasSameSizeAs(w.images());
            for (int k = 0; k < w.images().size(); k++) {
                assertSameImage(r.images().get(k), w.images().get(k));
            }
        }
        assertThat(BlinkFormat.prompt(items.get(items.size() - 1)))
                .endsWith("(A) the first\n(B) the second\n(C) neither");
        assertThatThrownBy(() -> BlinkFormat.read(dir, "test")).hasMessageContaining("test.jsonl");
    }

    @Test
    void blinkReaderAcceptsCsvWithPythonListChoices() throws IOException {
        Path task = Files.createDirectories(dir.resolve("Relative_Depth/images"));
        Files.write(task.resolve("val_1.jpg"), Fixtures.jpeg());
        Files.writeString(task.getParent().resolve("val.csv"), """
                idx,question,choices,answer,prompt,image_1,image_2,image_3,image_4
                val_Relative_Depth_1,"Which point is closer, A or B?","['A', 'B isn\\'t']",(B),p,images/val_1.jpg,None,,
                """);
        List<QuestionItem> read = BlinkFormat.read(dir, "val").items();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).options()).containsExactly("A", "B isn't");
        assertThat(read.get(0).answer()).isEqualTo("B isn't");
        assertThat(read.get(0).images()).hasSize(1);
        assertThat(read.get(0).category()).isEqualTo("Relative_Depth");
        assertThat(BlinkFormat.parseChoices("[\"x\", \"y\"]", dir)).containsExactly("x", "y");
    }

    @Test
    void cocoKarpathyRoundTripCountsRestvalAsTrain() {
        List<CaptionItem> items = new ArrayList<>(new SynthCaptions(OPTIONS).generate(5, 6).items());
        CaptionItem first = items.get(0);
        items.set(0, new CaptionItem(first.id(), first.image(), first.prompt(), first.references(), "restval"));
        CocoKarpathyFormat.write(dir, items);
        List<CaptionItem> test = CocoKarpathyFormat.read(dir, Set.of("test")).items();
        List<CaptionItem> train = CocoKarpathyFormat.read(dir, Set.of("train")).items();
        assertThat(test).hasSize(5);
        assertThat(train).hasSize(1);
        assertThat(train.get(0).split()).isEqualTo("train");
        assertThat(train.get(0).references()).isEqualTo(first.references());
        assertSameImage(train.get(0).image(), first.image());
        for (int i = 0; i < test.size(); i++) {
            assertThat(test.get(i).references()).isEqualTo(items.get(i + 1).references());
            assertSameImage(test.get(i).image(), items.get(i + 1).image());
        }
        assertThat(CocoKarpathyFormat.tokenize("Two red circles, and a star.")).containsExactly("two", "red",
                "circles", "and", "a", "star");
    }

    @Test
    void llavaBenchRoundTripJoinsContextAndReferenceAnswers() {
        Captioner captioner = new Captioner();
        SplittableRandom rng = new SplittableRandom(6);
        List<LlavaBenchQuestion> questions = new ArrayList<>();
        int qid = 0;
        for (SynthVqa.Example e : new SynthVqa(OPTIONS).examples(6, 10)) {
            questions.add(new LlavaBenchQuestion(qid++, e.item().id() + ".png", e.item().image(), e.item().question(),
                    e.item().category(), captioner.caption(e.scene(), CaptionStyle.FULL, rng).text(),
                    e.item().answer()));
        }
        LlavaBenchFormat.write(dir, questions);
        List<LlavaBenchQuestion> read = LlavaBenchFormat.read(dir).items();
        assertThat(read).hasSize(questions.size());
        for (int i = 0; i < read.size(); i++) {
            LlavaBenchQuestion w = questions.get(i);
            LlavaBenchQuestion r = read.get(i);
            assertThat(List.of(r.questionId(), r.imageName(), r.text(), r.category(), r.context(), r.referenceAnswer()))
                    .isEqualTo(List.of(w.questionId(), w.imageName(), w.text(), w.category(), w.context(),
                            w.referenceAnswer()));
            assertSameImage(r.image(), w.image());
            assertThat(r.toItem().answer()).isEqualTo(w.referenceAnswer());
        }
        List<LlavaBenchAnswer> answers = List.of(new LlavaBenchAnswer(3, "p", "a red star", "x1", "difflens-tiny"));
        LlavaBenchFormat.writeAnswers(dir.resolve("answers.jsonl"), answers);
        assertThat(LlavaBenchFormat.readAnswers(dir.resolve("answers.jsonl"))).isEqualTo(answers);
    }

    @Test
    void llavaConversationRoundTrip() {
        List<SynthConversations.Example> examples = new SynthConversations(OPTIONS).generate(7, 20, 4);
        List<Conversation> conversations = examples.stream().map(SynthConversations.Example::conversation).toList();
        Path images = dir.resolve("images");
        for (SynthConversations.Example e : examples) {
            io.difflens.datasets.formats.internal.ImageFiles.write(images, e.conversation().id(), e.image());
        }
        LlavaConversationFormat.write(dir.resolve("train.json"), conversations);
        List<Conversation> read = LlavaConversationFormat.read(dir.resolve("train.json"));
        assertThat(read).isEqualTo(conversations);
        for (int i = 0; i < read.size(); i++) {
            assertSameImage(LlavaConversationFormat.image(images, read.get(i)), examples.get(i).image());
        }
    }

    @Test
    void llavaConversationReaderAcceptsTextOnlyEntries() throws IOException {
        Files.writeString(dir.resolve("mix.json"), """
                [{"id": "a1", "image": "coco/train2017/1.jpg", "conversations": [
                   {"from": "human", "value": "<image>\\nWhat is it?"}, {"from": "gpt", "value": "A cat."}]},
                 {"id": "t1", "model": "", "conversations": [
                   {"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello."}]}]
                """);
        List<Conversation> read = LlavaConversationFormat.read(dir.resolve("mix.json"));
        assertThat(read).extracting(Conversation::image).containsExactly("coco/train2017/1.jpg", null);
        assertThat(read.get(1).turns().get(1).from()).isEqualTo(Conversation.Speaker.GPT);
    }

    @Test
    void everySuiteExportsAndReadsBack() {
        for (SuiteKind kind : SuiteKind.values()) {
            Suite<?> suite = kind.generate(8, 6, OPTIONS);
            Path out = dir.resolve(kind.suiteName());
            SuiteExport.write(suite, out);
            int read = switch (kind) {
                case SYNTH_VQA -> LlavaConversationFormat.read(out.resolve(LlavaConversationFormat.FILE)).size();
                case SYNTH_MMVP -> MmvpFormat.read(out).size();
                case SYNTH_WINOGROUND -> WinogroundFormat.read(out).size()
                        + MmvpVlmFormat.read(out.resolve(SuiteExport.MMVP_VLM_DIR)).size() - suite.size();
                case SYNTH_CAPTIONS -> CocoKarpathyFormat.read(out, Set.of("test")).size();
            };
            assertThat(read).as(kind.suiteName()).isEqualTo(suite.size());
        }
    }

    @Test
    void sameSeedExportsIdenticalFiles() throws IOException {
        for (SuiteKind kind : SuiteKind.values()) {
            SuiteExport.write(kind.generate(9, 5, OPTIONS), dir.resolve("a").resolve(kind.suiteName()));
            SuiteExport.write(kind.generate(9, 5, OPTIONS), dir.resolve("b").resolve(kind.suiteName()));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("a"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path a : files) {
            Path b = dir.resolve("b").resolve(dir.resolve("a").relativize(a));
            assertThat(Files.readAllBytes(b)).as(a.toString()).isEqualTo(Files.readAllBytes(a));
        }
    }
}
