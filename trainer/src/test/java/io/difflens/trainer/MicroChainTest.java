package io.difflens.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.datasets.suites.SuiteKind;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.QuestionKind;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.WorldSample;
import io.difflens.trainer.eval.Baseline;
import io.difflens.trainer.eval.EvalResult;
import io.difflens.trainer.eval.EvalSpec;
import io.difflens.trainer.eval.SuiteEvaluator;
import io.difflens.trainer.data.FeatureBank;
import io.difflens.trainer.data.FeatureCache;
import io.difflens.trainer.data.FeatureTokens;
import io.difflens.trainer.data.ObjectLabels;
import io.difflens.trainer.recipes.ClipRecipe;
import io.difflens.trainer.recipes.LanguageRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole recipe chain at micro size, seconds per recipe, then evaluation of the result. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicroChainTest {
  private Path dir;
  private RecipeRunner runner;
  private final java.util.Map<Recipe, TrainingResult> results = new java.util.EnumMap<>(Recipe.class);
  private final java.util.Map<String, TrainingResult> variantResults = new java.util.TreeMap<>();

  private TrainOptions options(Recipe r, int steps, int batch, float lr) {
    return runner.defaults(r, 3, false).withSteps(steps).withBatch(batch).withLearningRate(lr);
  }

  @BeforeAll
  void trainChain(@TempDir Path tmp) {
    dir = tmp;
    runner = new RecipeRunner(new BundleDir(dir), ZooSizes.MICRO);
    results.put(Recipe.CLIP, runner.run(Recipe.CLIP, options(Recipe.CLIP, 80, 16, 2e-3f)).get(0));
    results.put(Recipe.UNET, runner.run(Recipe.UNET, options(Recipe.UNET, 30, 8, 2e-3f)).get(0));
    results.put(Recipe.LLM, runner.run(Recipe.LLM, options(Recipe.LLM, 60, 16, 3e-3f)).get(0));
    results.put(Recipe.PT, runner.run(Recipe.PT, options(Recipe.PT, 20, 16, 2e-3f)).get(0));
    results.put(Recipe.SFT, runner.run(Recipe.SFT, options(Recipe.SFT, 40, 16, 2e-3f)).get(0));
    for (AnswererVariant v : AnswererVariant.values()) {
      for (Recipe r : List.of(Recipe.PT, Recipe.SFT)) {
        TrainOptions o =
            runner.defaults(r, 3, false, v).withSteps(r == Recipe.PT ? 20 : 40).withBatch(16).withLearningRate(2e-3f);
        variantResults.put(v.trainingKey(r), runner.run(r, o, v).get(0));
      }
    }
  }

  @Test
  void everyLossFalls() {
    results.forEach(
        (r, res) -> assertThat(res.lastLoss()).as(r.key()).isLessThan(res.firstLoss()));
    assertThat(variantResults).hasSize(4);
    variantResults.forEach((k, res) -> assertThat(res.lastLoss()).as(k).isLessThan(res.firstLoss()));
  }

  @Test
  void variantsLiveBesideTheBundlesOwnAnswerer() throws Exception {
    BundleDir b = new BundleDir(dir);
    assertThat(b.has(BundleDir.LLM_BASE)).isTrue();
    int unetChannels = ZooSizes.MICRO.featureChannels();
    int grid = ZooSizes.MICRO.featureSide();
    int p = ZooSizes.MICRO.imageSize() / grid;
    assertThat(b.config(AnswererVariant.PIXELS.projector()).path("mm_hidden_size").asInt()).isEqualTo(3 * p * p);
    assertThat(b.config(AnswererVariant.CONCAT.projector()).path("mm_hidden_size").asInt())
        .isEqualTo(2 * unetChannels);
    assertThat(b.config(BundleDir.PROJECTOR).path("mm_hidden_size").asInt()).isEqualTo(unetChannels);
    for (AnswererVariant v : AnswererVariant.values()) {
      assertThat(b.has(v.llm())).as(v.key()).isTrue();
      assertThat(Files.readAllLines(b.training(v.trainingKey(Recipe.SFT)).resolve("loss.jsonl"))).hasSize(40);
    }
  }

  @Test
  void bundleHasEveryComponentAndItsLogs() throws Exception {
    BundleDir b = new BundleDir(dir);
    for (String c : List.of(BundleDir.TEXT_ENCODER, BundleDir.IMAGE_ENCODER, BundleDir.UNET, BundleDir.LLM, BundleDir.PROJECTOR)) {
      assertThat(b.has(c)).as(c).isTrue();
    }
    BundleConfig meta = BundleConfig.read(dir.resolve(BundleConfig.FILE));
    assertThat(meta).isEqualTo(RecipeRunner.bundleConfig(ZooSizes.MICRO));
    assertThat(meta.features().layers()).containsExactlyElementsOf(ZooSizes.MICRO.featureLayers());
    JsonNode gain = new ObjectMapper().readTree(b.training("unet").resolve("denoising_gain.json").toFile());
    assertThat(gain).hasSize(5);
    assertThat(gain.get(0).has("caption_gain")).isTrue();
    assertThat(Files.readAllLines(b.training("clip").resolve("loss.jsonl"))).hasSize(80);
  }

  @Test
  void microClipRetrievesHeldOutCaptionsAboveChance() {
    BundleDir b = new BundleDir(dir);
    try (NDManager m = NDManager.newBaseManager();
        ClipTokenizer tok = ClipTokenizer.load(b.component(BundleDir.TOKENIZER))) {
      ClipRecipe clip =
          new ClipRecipe(runner.world(), tok, ZooSizes.MICRO.clipTextJson(vocab(b)),
              ZooSizes.MICRO.clipVisionJson());
      b.load(BundleDir.TEXT_ENCODER, clip.text(), m);
      b.load(BundleDir.IMAGE_ENCODER, clip.imageEncoderParameters(), m);
      SplittableRandom rng = new SplittableRandom(123_456);
      int n = 32;
      List<WorldSample> samples = runner.world().samples(rng, n);
      List<String> captions =
          samples.stream()
              .map(s -> runner.world().captioner().caption(s.scene(), CaptionStyle.FULL, rng).text())
              .toList();
      NDArray sim =
          clip.embedImages(Images.batch(m, samples.stream().map(WorldSample::image).toList()))
              .matMul(clip.embedTexts(m, captions).transpose());
      long[] best = sim.argMax(1).toLongArray();
      long hits = java.util.stream.IntStream.range(0, n).filter(i -> best[i] == i).count();
      // chance is 1 of 32; a micro CLIP trained for 80 steps should find several
      assertThat(hits).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aFeatureCacheGivesBackTheBankItWasBuiltWith(@TempDir Path cacheDir) throws Exception {
    try (Pools pools = new Pools(cacheDir)) {
      FeatureBank.Spec spec = FeatureBank.Spec.of(41, 20, 2, 0.3);
      FeatureCache cache = pools.cache(spec);
      assertThat(pools.cache(FeatureBank.Spec.of(42, 20, 2, 0.3)).file()).isNotEqualTo(cache.file());
      FeatureBank plain = pools.build(spec);
      FeatureBank written = pools.build(spec, cache);
      assertThat(cache.file()).exists();
      assertSameBank(written, plain);
      FeatureBank read = pools.build(spec, cache);
      assertSameBank(read, plain);

      // the tokens come from the file: change one value there and the bank read changes with it
      byte[] bytes = Files.readAllBytes(cache.file());
      int last = bytes.length - Float.BYTES; // the last value of the last array
      float[] lastArray = plain.entries().get(19).asked().get(1).condTokens();
      float was = lastArray[lastArray.length - 1];
      java.nio.ByteBuffer.wrap(bytes).putFloat(last, was + 1f);
      Files.write(cache.file(), bytes);
      float[] tampered = pools.build(spec, cache)
          .entries().get(19).asked().get(1).condTokens();
      assertThat(tampered[tampered.length - 1]).isEqualTo(was + 1f);

      // a cache for another bank, or a cut one, is not read: the bank is built again and the cache rewritten
      FeatureBank other = pools.build(FeatureBank.Spec.of(41, 19, 2, 0.3), cache);
      assertThat(other.entries()).hasSize(19);
      Files.write(cache.file(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
      assertSameBank(pools.build(spec, cache), plain);
      assertSameBank(pools.build(spec, cache), plain);
      try (java.util.stream.Stream<Path> left = Files.list(cacheDir)) {
        assertThat(left.toList()).as("no partial files left").containsExactly(cache.file());
      }
    }
  }

  @Test
  void aRecipeWaitsForTheCacheAnotherIsWritingAndReadsIt(@TempDir Path cacheDir) throws Exception {
    try (Pools pools = new Pools(cacheDir)) {
      FeatureBank.Spec spec = FeatureBank.Spec.of(43, 20, 2, 0.3);
      FeatureCache cache = pools.cache(spec);
      FeatureBank computed = pools.build(spec, cache);
      // another writer's claim, holding tokens the UNet would not give, moved into place a moment later
      Path claim = cache.file().resolveSibling(cache.file().getFileName() + ".part");
      byte[] bytes = Files.readAllBytes(cache.file());
      Files.delete(cache.file());
      float[] last = computed.entries().get(19).asked().get(1).condTokens();
      java.nio.ByteBuffer.wrap(bytes).putFloat(bytes.length - Float.BYTES, last[last.length - 1] + 1f);
      Files.write(claim, bytes);
      Thread writer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(500);
                  Files.move(claim, cache.file(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      FeatureBank waited = pools.build(spec, cache);
      writer.join();
      float[] read = waited.entries().get(19).asked().get(1).condTokens();
      assertThat(read[read.length - 1]).as("read from the other writer's cache").isEqualTo(last[last.length - 1] + 1f);
      assertThat(claim).doesNotExist();
    }
  }

  /** The chain's frozen UNet and text encoder as a token source, for building pools with a cache folder. */
  private final class Pools implements AutoCloseable {
    private final LanguageRecipes recipes;
    private final NDManager manager = NDManager.newBaseManager();
    private final ClipTokenizer tokenizer;
    private final FeatureTokens features;

    Pools(Path cacheDir) {
      BundleDir b = new BundleDir(dir);
      recipes = new LanguageRecipes(b, ZooSizes.MICRO, runner.world(), cacheDir);
      tokenizer = ClipTokenizer.load(b.component(BundleDir.TOKENIZER));
      features = recipes.featureTokens(manager, tokenizer);
    }

    FeatureBank build(FeatureBank.Spec spec) {
      return build(spec, null);
    }

    FeatureBank build(FeatureBank.Spec spec, FeatureCache cache) {
      return FeatureBank.build(runner.world(), features, ZooSizes.MICRO.featureSide(), manager, spec, cache);
    }

    FeatureCache cache(FeatureBank.Spec spec) {
      return recipes.featureCache(spec);
    }

    NDManager manager() {
      return manager;
    }

    @Override
    public void close() {
      tokenizer.close();
      manager.close();
    }
  }

  private static void assertSameBank(FeatureBank actual, FeatureBank expected) {
    assertThat(actual.channels()).isEqualTo(expected.channels());
    assertThat(actual.entries()).hasSameSizeAs(expected.entries());
    for (int i = 0; i < expected.entries().size(); i++) {
      FeatureBank.Entry a = actual.entries().get(i);
      FeatureBank.Entry e = expected.entries().get(i);
      assertThat(a.scene()).as("scene %d", i).isEqualTo(e.scene());
      assertSameTokens(a.uncondTokens(), e.uncondTokens(), "unprompted " + i);
      assertSameTokens(a.noisyCaptionTokens(), e.noisyCaptionTokens(), "noisy caption " + i);
      assertSameTokens(a.pixelTokens(), e.pixelTokens(), "pixels " + i);
      assertThat(a.asked()).hasSameSizeAs(e.asked());
      for (int k = 0; k < e.asked().size(); k++) {
        assertThat(a.asked().get(k).question()).isEqualTo(e.asked().get(k).question());
        assertSameTokens(a.asked().get(k).condTokens(), e.asked().get(k).condTokens(), "question " + k + " of " + i);
      }
    }
  }

  /** Equal token arrays, or both absent (a one-pass bank's scene lacks the passes it did not draw). */
  private static void assertSameTokens(float[] actual, float[] expected, String what) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).containsExactly(expected);
    }
  }

  @Test
  void aPoolWithDrawnPromptsSpendsOneOrTwoUnetPassesPerScene(@TempDir Path cacheDir) throws Exception {
    FeatureBank.PromptDraw one = new FeatureBank.PromptDraw(0.3, 0.2, false);
    FeatureBank.PromptDraw two = new FeatureBank.PromptDraw(0.3, 0.2, true);
    try (Pools pools = new Pools(cacheDir)) {
      FeatureBank.Spec allPasses = FeatureBank.Spec.of(47, 40, 1, 0.3);
      FeatureBank.Spec onePass = allPasses.withDraw(one);
      FeatureBank.Spec twoPass = allPasses.withDraw(two);
      FeatureCache cache = pools.cache(onePass);
      assertThat(List.of(cache.file(), pools.cache(twoPass).file(), pools.cache(allPasses).file()))
          .as("each layout its own cache").doesNotHaveDuplicates();
      FeatureBank bank = pools.build(onePass);
      assertThat(bank.draw()).isEqualTo(one);
      assertThat(pools.build(allPasses).draw()).isNull();
      assertThat(bank.entries()).hasSize(40);
      int[] kinds = new int[3];
      for (FeatureBank.Entry e : bank.entries()) {
        assertThat(e.asked()).hasSize(1);
        boolean un = e.uncondTokens() != null;
        boolean noisy = e.noisyCaptionTokens() != null;
        boolean asked = e.asked().get(0).condTokens() != null;
        assertThat((un ? 1 : 0) + (noisy ? 1 : 0) + (asked ? 1 : 0)).as("passes of one scene").isEqualTo(1);
        kinds[un ? 0 : noisy ? 1 : 2]++;
        assertThat(e.pixelTokens()).isNotNull();
      }
      assertThat(kinds).as("unprompted, noisy-caption and question passes").doesNotContain(0);

      // two passes: every scene's unprompted pass, the UNCOND features of the same noise as its prompted pass
      FeatureBank paired = pools.build(twoPass);
      int noisyScenes = 0;
      for (FeatureBank.Entry e : paired.entries()) {
        assertThat(e.uncondTokens()).isNotNull();
        boolean noisy = e.noisyCaptionTokens() != null;
        assertThat(noisy).as("one prompted pass").isNotEqualTo(e.asked().get(0).condTokens() != null);
        noisyScenes += noisy ? 1 : 0;
      }
      assertThat(noisyScenes).as("noisy captions for about 2 in 7 scenes").isBetween(4, 20);
      FeatureBank.Entry first = paired.entries().get(0);
      float[] prompted =
          first.noisyCaptionTokens() != null ? first.noisyCaptionTokens() : first.asked().get(0).condTokens();
      assertThat(prompted).isNotEqualTo(first.uncondTokens());

      // the cache gives back the pool it was built with
      assertSameBank(pools.build(onePass, cache), bank);
      assertSameBank(pools.build(onePass, cache), bank);
      FeatureCache pairedCache = pools.cache(twoPass);
      assertSameBank(pools.build(twoPass, pairedCache), paired);
      assertSameBank(pools.build(twoPass, pairedCache), paired);
      assertThatThrownBy(() -> FeatureBank.build(runner.world(), null, 4, pools.manager(), onePass))
          .hasMessageContaining("needs the UNet");
    }
    assertThatThrownBy(() -> new FeatureBank.PromptDraw(0.7, 0.5, false)).hasMessageContaining("prompt shares");
    assertThatThrownBy(() -> FeatureBank.Spec.of(47, 40, 2, 0.3).withDraw(one))
        .hasMessageContaining("one question per scene");
  }

  @Test
  void anUnpromptedRowOfAMixedBatchIsTheUnconditionalPass(@TempDir Path cacheDir) {
    // a pool with drawn prompts passes unprompted and prompted scenes in one COND batch
    List<WorldSample> samples = runner.world().samples(new SplittableRandom(5), 3);
    try (Pools pools = new Pools(cacheDir); NDManager m = NDManager.newBaseManager()) {
      NDArray pixels = Images.batch(m, samples.stream().map(WorldSample::image).toList());
      float[] mixed = pools.features.tokens(m, pixels, List.of("what color is the circle?", "", "a red square"),
          new FeatureMode.Cond(), 11).get(1).toFloatArray();
      float[] uncond = pools.features.tokens(m, pixels, List.of("", "", ""), new FeatureMode.Uncond(), 11)
          .get(1).toFloatArray();
      assertThat(mixed).containsExactly(uncond);
    }
  }

  @Test
  void aPoolWithoutQuestionsRunsTheUnpromptedPassOnly(@TempDir Path cacheDir) throws Exception {
    try (Pools pools = new Pools(cacheDir)) {
      FeatureBank pt = pools.build(FeatureBank.Spec.of(49, 20, 0, 0.3));
      assertThat(pt.entries()).hasSize(20).allSatisfy(e -> {
        assertThat(e.uncondTokens()).isNotNull();
        assertThat(e.noisyCaptionTokens()).as("PT reads no prompted pass").isNull();
        assertThat(e.asked()).isEmpty();
      });
      // a cache written when such pools held noisy-caption passes too is not read as this pool's
      assertThat(pools.cache(FeatureBank.Spec.of(49, 20, 0, 0.3)).key()).contains(";unprompted_only");
      assertThat(pools.cache(FeatureBank.Spec.of(49, 20, 1, 0.3)).key()).doesNotContain("unprompted_only");
    }
  }

  @Test
  void sftReadsAPoolOfMoreScenesWithDrawnPrompts(@TempDir Path copy) throws Exception {
    copyBundle(copy, true);
    BundleDir b = new BundleDir(copy);
    for (SftBankLayout layout : List.of(SftBankLayout.ONE_PASS, SftBankLayout.TWO_PASS)) {
      RecipeRunner drawn = runner(b).withSftBank(layout);
      TrainOptions o = drawn.defaults(Recipe.SFT, 5, false).withSteps(30).withBatch(16).withLearningRate(2e-3f);
      TrainingResult r = drawn.run(Recipe.SFT, o).get(0);
      assertThat(r.lastLoss()).as(layout.key()).isLessThan(r.firstLoss());
      TrainOptions pt = drawn.defaults(Recipe.PT, 5, false).withSteps(2).withBatch(4);
      assertThatThrownBy(() -> drawn.run(Recipe.PT, pt)).hasMessageContaining("not by pt");
      assertThatThrownBy(() -> drawn.run(Recipe.SFT, o, AnswererVariant.PIXELS))
          .hasMessageContaining("--variant pixels");
      assertThatThrownBy(() -> drawn.withUnetLora(LoraConfig.of(2, 2f)).run(Recipe.SFT, o))
          .hasMessageContaining("--unet-lora");
    }
    // CONCAT reads every scene's unprompted pass: two passes serve it, one does not
    RecipeRunner one = runner(b).withSftBank(SftBankLayout.ONE_PASS);
    TrainOptions concat = one.defaults(Recipe.SFT, 5, false, AnswererVariant.CONCAT).withSteps(30).withBatch(16);
    assertThatThrownBy(() -> one.run(Recipe.SFT, concat, AnswererVariant.CONCAT))
        .hasMessageContaining("--variant concat");
    RecipeRunner two = runner(b).withSftBank(SftBankLayout.TWO_PASS);
    TrainingResult r = two.run(Recipe.SFT, concat.withLearningRate(2e-3f), AnswererVariant.CONCAT).get(0);
    assertThat(r.lastLoss()).isLessThan(r.firstLoss());
  }

  @Test
  void sftInMultiTurnRowsTrainsMoreAnswersPerRowAndItsLossFalls(@TempDir Path copy) throws Exception {
    copyBundle(copy, true);
    BundleDir b = new BundleDir(copy);
    for (MultiTurn mode : List.of(MultiTurn.CHAINED, MultiTurn.ISOLATED)) {
      RecipeRunner multi = runner(b).withMultiTurn(mode);
      for (AnswererVariant v : java.util.Arrays.asList(null, AnswererVariant.PIXELS)) {
        TrainOptions o = multi.defaults(Recipe.SFT, 5, false, v).withSteps(30).withBatch(16).withLearningRate(2e-3f);
        TrainingResult r = multi.run(Recipe.SFT, o, v).get(0);
        assertThat(r.lastLoss()).as("%s, variant %s", mode, v).isLessThan(r.firstLoss());
        double answers = Files.readAllLines(o.out().resolve("loss.jsonl")).stream()
            .mapToDouble(line -> readJson(line).path("answers_per_row").asDouble())
            .average()
            .orElseThrow();
        // rows whose tokens do not depend on the question fill the batch's padding with further turns
        assertThat(answers).as("%s, variant %s", mode, v).isGreaterThan(1.1);
        assertThat(new ObjectMapper().readTree(o.out().resolve("result.json").toFile()).path("multi_turn").asText())
            .isEqualTo(mode.key());
      }
      TrainOptions lora = multi.defaults(Recipe.SFT, 5, false).withSteps(2).withBatch(4);
      assertThatThrownBy(() -> multi.withUnetLora(LoraConfig.of(2, 2f)).run(Recipe.SFT, lora))
          .hasMessageContaining("--unet-lora");
    }
  }

  private static JsonNode readJson(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void sftWithTheObjectLossLogsBothPartsAndTheReadOutLearns(@TempDir Path copy) throws Exception {
    copyBundle(copy, true);
    BundleDir b = new BundleDir(copy);
    double weight = 2.0;
    RecipeRunner objects = runner(b).withObjectLoss(weight);
    TrainOptions o = objects.defaults(Recipe.SFT, 5, false).withSteps(200).withBatch(16).withLearningRate(5e-3f);
    TrainingResult r = objects.run(Recipe.SFT, o).get(0);
    assertThat(r.lastLoss()).isLessThan(r.firstLoss());
    List<JsonNode> log = new ArrayList<>();
    for (String line : Files.readAllLines(o.out().resolve("loss.jsonl"))) {
      log.add(new ObjectMapper().readTree(line));
    }
    assertThat(log).hasSize(200);
    for (JsonNode step : log) {
      // the logged total is the answer's loss plus the weighted object loss, in float precision
      double parts = step.path("answer_loss").asDouble() + weight * step.path("object_loss").asDouble();
      assertThat(step.path("loss").asDouble()).isCloseTo(parts, within(1e-4 * (1 + parts)));
    }
    // the read-out starts near log 2 per channel and learns (ObjectHeadTest checks that it learns more than
    // the channels' base rates from tokens that show the objects plainly)
    double first = log.subList(0, 10).stream().mapToDouble(j -> j.path("object_loss").asDouble()).average().orElseThrow();
    double last = log.subList(190, 200).stream().mapToDouble(j -> j.path("object_loss").asDouble()).average().orElseThrow();
    assertThat(first).isGreaterThan(0.6);
    assertThat(last).isLessThan(0.8 * first);
    assertThat(new ObjectMapper().readTree(o.out().resolve("result.json").toFile()).path("object_loss").asDouble())
        .isEqualTo(weight);
    // the read-out is checkpointed with the answerer, so --resume continues it; the bundle does not keep it
    try (var checkpoint = io.difflens.models.io.SafetensorsFile.open(o.out().resolve("checkpoint/weights.safetensors"))) {
      assertThat(checkpoint.tensors()).containsKeys("object_head.weight", "object_head.bias");
    }
    Path projector = b.component(BundleDir.PROJECTOR).resolve(BundleDir.weightsFile(BundleDir.PROJECTOR));
    try (var saved = io.difflens.models.io.SafetensorsFile.open(projector)) {
      assertThat(saved.tensors().keySet()).noneMatch(k -> k.contains("object_head"));
    }
    // by default SFT weighs it at 3 and PT not at all; at weight 0 SFT's log has no parts
    RecipeRunner plain = runner(b);
    TrainOptions sft = plain.defaults(Recipe.SFT, 5, false).withSteps(2).withBatch(4);
    plain.run(Recipe.SFT, sft);
    assertThat(new ObjectMapper().readTree(sft.out().resolve("result.json").toFile()).path("object_loss").asDouble())
        .isEqualTo(LanguageRecipes.SFT_OBJECT_LOSS);
    TrainOptions pt = plain.defaults(Recipe.PT, 5, false).withSteps(2).withBatch(4);
    plain.run(Recipe.PT, pt);
    assertThat(Files.readAllLines(pt.out().resolve("loss.jsonl")).get(0)).doesNotContain("object_loss");
    RecipeRunner none = runner(b).withObjectLoss(0);
    none.run(Recipe.SFT, sft);
    assertThat(Files.readAllLines(sft.out().resolve("loss.jsonl")).get(0)).doesNotContain("answer_loss");
    assertThat(new ObjectMapper().readTree(sft.out().resolve("result.json").toFile()).has("object_loss")).isFalse();
    // resuming that checkpoint with the object loss on names the read-out the checkpoint lacks
    TrainOptions resumed = new TrainOptions(sft.out(), 4, 4, sft.seed(), true, sft.learningRate(), sft.checkpointEvery());
    assertThatThrownBy(() -> plain.run(Recipe.SFT, resumed)).hasMessageContaining("object_head.weight");
    // with the centred group the read-out names twice the channels, the result says so, and a checkpoint of
    // the drawn group alone does not resume into it
    RecipeRunner centred = plain.withObjectCentres(true);
    centred.run(Recipe.SFT, sft);
    assertThat(new ObjectMapper().readTree(sft.out().resolve("result.json").toFile()).path("object_centres").asBoolean())
        .isTrue();
    try (var checkpoint = io.difflens.models.io.SafetensorsFile.open(sft.out().resolve("checkpoint/weights.safetensors"))) {
      assertThat(checkpoint.tensors().get("object_head.weight").shape().get(0)).isEqualTo(2L * ObjectLabels.GROUP);
    }
    plain.run(Recipe.SFT, sft);
    assertThatThrownBy(() -> centred.run(Recipe.SFT, resumed)).hasMessageContaining("object_head.weight");
  }

  @Test
  void aFinerFeatureGridMergedToTheSameTokensTrainsAndServesAndSftMustMatchIt(@TempDir Path copy) throws Exception {
    copyBundle(copy, true);
    BundleDir b = new BundleDir(copy);
    // the maps pooled to 4 x 4 instead of 2 x 2, merged 2 x 2: the LLM reads the 4 tokens it read before
    RecipeRunner finer = new RecipeRunner(b, ZooSizes.MICRO.withFeatureGrid(4, 2));
    finer.run(Recipe.PT, finer.defaults(Recipe.PT, 5, false).withSteps(4).withBatch(8));
    assertThat(BundleConfig.read(copy.resolve(BundleConfig.FILE)).features().grid()).isEqualTo(4);
    assertThat(b.config(BundleDir.PROJECTOR).path("mm_token_merge").asInt()).isEqualTo(2);
    assertThat(b.config(BundleDir.PROJECTOR).path("mm_hidden_size").asInt())
        .isEqualTo(ZooSizes.MICRO.featureChannels());
    // the same merge on another grid has weights of the same shapes: refused before they load
    RecipeRunner other = new RecipeRunner(b, ZooSizes.MICRO.withFeatureGrid(2, 2));
    TrainOptions sft = finer.defaults(Recipe.SFT, 5, false).withSteps(40).withBatch(16).withLearningRate(2e-3f);
    assertThatThrownBy(() -> other.run(Recipe.SFT, sft))
        .hasMessageContaining("trained by pt on a 4 x 4 feature grid merged 2 x 2")
        .hasMessageContaining("--feature-grid");
    assertThatThrownBy(() -> runner(b).run(Recipe.SFT, sft)).hasMessageContaining("--token-merge");
    TrainingResult r = finer.run(Recipe.SFT, sft).get(0);
    assertThat(r.lastLoss()).isLessThan(r.firstLoss());
    // the bundle serves at its own grid: the pipelines read it from bundle.json and the projector's config
    try (ModelBundle bundle = ModelBundle.load(copy)) {
      assertThat(bundle.config().features().grid()).isEqualTo(4);
      EvalResult e =
          new SuiteEvaluator(bundle).evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 8, new FeatureMode.Cond(), Baseline.NONE));
      assertThat(e.overall()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void theFeatureGridMustDivideEveryPooledMapAndBeMergedWhole() {
    ZooSizes g16 = ZooSizes.TINY.withFeatureGrid(16, 4);
    assertThat(g16.featureSide()).isEqualTo(16);
    assertThat(g16.tokenMerge()).isEqualTo(4);
    assertThat(g16.featureChannels()).isEqualTo(ZooSizes.TINY.featureChannels());
    assertThat(ZooSizes.MICRO.withFeatureGrid(4, 2).micro()).isTrue();
    assertThat(g16.micro()).isFalse();
    // up_blocks.0 of the tiny UNet is 16 x 16: it cannot be pooled to 32 x 32
    assertThatThrownBy(() -> ZooSizes.TINY.withFeatureGrid(32, 8)).hasMessageContaining("the coarsest is 16");
    assertThatThrownBy(() -> ZooSizes.TINY.withFeatureGrid(16, 3)).hasMessageContaining("must divide the feature grid");
  }

  private static int vocab(BundleDir b) {
    return b.config(BundleDir.TEXT_ENCODER).path("vocab_size").asInt();
  }

  @Test
  void evaluationReportsEveryCategoryAsAFraction() {
    // the chain's folder is a serving bundle: the pipelines load it as they load any other
    try (ModelBundle bundle = ModelBundle.load(dir)) {
      SuiteEvaluator e = new SuiteEvaluator(bundle);
      EvalResult r = e.evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 16, new FeatureMode.Cond(), Baseline.NONE));
      JsonNode j = r.toJson();
      assertThat(j.path("suite").asText()).isEqualTo("synth-vqa");
      assertThat(j.path("seed").asLong()).isEqualTo(77);
      assertThat(j.path("n").asInt()).isEqualTo(16);
      assertThat(j.path("feature_mode").asText()).isEqualTo("COND");
      assertThat(j.path("overall").asDouble()).isBetween(0.0, 1.0);
      List<String> keys = Arrays.stream(QuestionKind.values()).map(QuestionKind::key).toList();
      j.path("categories").fieldNames().forEachRemaining(k -> assertThat(keys).contains(k));
      assertThat(j.path("categories").size()).isEqualTo(keys.size());

      EvalResult base =
          e.evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 16, new FeatureMode.Cond(), Baseline.NO_IMAGE));
      assertThat(base.featureMode()).isEqualTo("NO_IMAGE");
      EvalResult pairs =
          e.evaluate(new EvalSpec(SuiteKind.SYNTH_MMVP, 77, 4, new FeatureMode.Uncond(), Baseline.NONE));
      assertThat(pairs.overall()).isBetween(0.0, 1.0);
      // the comparison columns: the pixel answerer on raw patches, the CONCAT answerer on CONCAT features
      EvalResult pixels =
          e.evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 8, new FeatureMode.Cond(), Baseline.PIXELS));
      assertThat(pixels.featureMode()).isEqualTo("PIXELS");
      assertThat(pixels.overall()).isBetween(0.0, 1.0);
      EvalResult concat =
          e.evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 8, new FeatureMode.Concat(), Baseline.NONE));
      assertThat(concat.featureMode()).isEqualTo("CONCAT");
      // the bundle's own answerer refuses CONCAT features with a readable reason
      FeatureExtractor extractor = new FeatureExtractor(bundle);
      ImagePreprocessor pre = new ImagePreprocessor(bundle.config().imageSize());
      byte[] png = SuiteKind.SYNTH_VQA.generate(77, 1, io.difflens.datasets.suites.SuiteOptions.DEFAULT
              .withRender(io.difflens.datasets.world.RenderConfig.ofSize(bundle.config().imageSize())))
          .items().get(0) instanceof io.difflens.datasets.QuestionItem q ? q.image().bytes() : null;
      var features =
          extractor.extract(FeatureInput.of(pre.preprocess(png), "what color is the star?"),
              extractor.defaults().withMode(new FeatureMode.Concat()));
      Answerer own = new Answerer(bundle);
      assertThatThrownBy(() -> own.answer(new AnswerInput(features, "what color is the star?"), own.defaults()))
          .hasMessageContaining("channels; the projector of bundle tiny-micro takes");
    }
  }

  /** Copies the chain's bundle into {@code to}, without its variants when {@code withVariants} is false. */
  private void copyBundle(Path to, boolean withVariants) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path f : files.toList()) {
        Path rel = dir.relativize(f);
        if (!withVariants && (rel.startsWith("variants") || rel.startsWith("training"))) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void sftWithAUnetLoraTrainsTheAdapterThatEveryReaderOfTheBundleMerges(@TempDir Path copy) throws Exception {
    copyBundle(copy, true);
    BundleDir b = new BundleDir(copy);
    RecipeRunner lora = new RecipeRunner(b, ZooSizes.MICRO).withUnetLora(LoraConfig.of(2, 2f));
    TrainOptions o = lora.defaults(Recipe.SFT, 5, false).withSteps(12).withBatch(4).withLearningRate(2e-3f);
    TrainingResult r = lora.run(Recipe.SFT, o).get(0);
    assertThat(r.lastLoss()).isLessThan(r.firstLoss());
    Path file = b.component(BundleDir.UNET_LORA).resolve(ModelBundle.UNET_LORA_FILE);
    assertThat(file).exists();
    assertThat(Files.readAllBytes(b.component(BundleDir.UNET).resolve(BundleDir.weightsFile(BundleDir.UNET))))
        .as("the UNet's own weights are not rewritten")
        .isEqualTo(Files.readAllBytes(new BundleDir(dir).component(BundleDir.UNET)
            .resolve(BundleDir.weightsFile(BundleDir.UNET))));
    try (io.difflens.models.io.TensorSource t = io.difflens.models.io.Safetensors.open(file);
        NDManager m = NDManager.newBaseManager()) {
      List<String> up = t.tensors().keySet().stream().filter(k -> k.endsWith("lora_B.weight")).toList();
      assertThat(up).isNotEmpty().allSatisfy(k -> assertThat(k).contains(".attn2."));
      // B starts at zero: only the answer's gradient, through the UNet's features, can have moved it
      double moved = 0;
      for (String k : up) {
        for (float v : t.load(k, m).toFloatArray()) {
          moved = Math.max(moved, Math.abs(v));
        }
      }
      assertThat(moved).isGreaterThan(0);
    }

    assertThat(ModelBundle.inspect(copy).unetLora()).hasValueSatisfying(l -> {
      assertThat(l.config()).contains(LoraConfig.of(2, 2f));
      // A and B for each of to_q, to_k, to_v and to_out.0 of every cross-attention
      assertThat(l.tensors()).isPositive().matches(n -> n % 8 == 0, "a multiple of 8");
    });
    assertThat(ModelBundle.inspect(dir).unetLora()).isEmpty();

    // the served features are the adapted UNet's, and the recipes read the same adapted UNet
    WorldSample sample = runner.world().sample(new SplittableRandom(17));
    String question = "what color is the circle?";
    try (ModelBundle plain = ModelBundle.load(dir);
        ModelBundle adapted = ModelBundle.load(copy);
        NDManager m = NDManager.newBaseManager();
        ClipTokenizer tok = ClipTokenizer.load(b.component(BundleDir.TOKENIZER))) {
      ImagePreprocessor pre = new ImagePreprocessor(adapted.config().imageSize());
      FeatureInput in = FeatureInput.of(pre.preprocess(sample.image()), question);
      FeatureExtractor served = new FeatureExtractor(adapted);
      float[] withLora = served.extract(in, served.defaults()).values();
      FeatureExtractor base = new FeatureExtractor(plain);
      float[] without = base.extract(in, base.defaults()).values();
      assertThat(withLora).isNotEqualTo(without);
      // the empty prompt is a zero context, so cross-attention's values are zero whatever the adapter: it changes
      // only how a prompt shapes the features, never the unconditional ones
      FeatureMode uncond = new FeatureMode.Uncond();
      assertThat(served.extract(in, served.defaults().withMode(uncond)).values())
          .containsExactly(base.extract(in, base.defaults().withMode(uncond)).values());
      float[] recipe = new LanguageRecipes(b, ZooSizes.MICRO, runner.world())
          .featureTokens(m, tok)
          .tokens(m, Images.batch(m, List.of(sample.image())), List.of(question), new FeatureMode.Cond(),
              served.defaults().seed())
          .toFloatArray();
      assertThat(recipe).hasSameSizeAs(withLora);
      for (int k = 0; k < recipe.length; k++) {
        assertThat(recipe[k]).as("value %d", k).isCloseTo(withLora[k], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }

    // only the bundle's own SFT trains one; a new UNet drops the adapter trained on the old one
    TrainOptions pt = lora.defaults(Recipe.PT, 5, false).withSteps(2).withBatch(4);
    assertThatThrownBy(() -> lora.run(Recipe.PT, pt)).hasMessageContaining("not by pt");
    assertThatThrownBy(() -> lora.run(Recipe.SFT, o, AnswererVariant.CONCAT)).hasMessageContaining("--variant concat");
    runner(b).run(Recipe.UNET, lora.defaults(Recipe.UNET, 5, false).withSteps(2).withBatch(4));
    assertThat(b.component(BundleDir.UNET_LORA)).doesNotExist();
  }

  private static RecipeRunner runner(BundleDir b) {
    return new RecipeRunner(b, ZooSizes.MICRO);
  }

  @Test
  void pixelBaselineNeedsItsAnswerer(@TempDir Path empty) throws Exception {
    // a bundle without variants/pixels/ says how to train one
    copyBundle(empty, false);
    try (ModelBundle bundle = ModelBundle.load(empty)) {
      SuiteEvaluator e = new SuiteEvaluator(bundle);
      assertThatThrownBy(
              () -> e.evaluate(new EvalSpec(SuiteKind.SYNTH_VQA, 77, 4, new FeatureMode.Cond(), Baseline.PIXELS)))
          .hasMessageContaining("has no pixels answerer")
          .hasMessageContaining("--variant pixels");
    }
  }
}
