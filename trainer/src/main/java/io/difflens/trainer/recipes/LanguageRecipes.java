package io.difflens.trainer.recipes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.world.CaptionStyle;
import io.difflens.datasets.world.Question;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.LlamaTokenizer;
import io.difflens.models.text.WordLevelVocabulary;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.trainer.AnswererVariant;
import io.difflens.trainer.MultiTurn;
import io.difflens.trainer.BundleDir;
import io.difflens.trainer.Recipe;
import io.difflens.trainer.RecipeRunner;
import io.difflens.trainer.SftBankLayout;
import io.difflens.trainer.TrainOptions;
import io.difflens.trainer.TrainingLoop;
import io.difflens.trainer.TrainingResult;
import io.difflens.trainer.TrainingTask;
import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.data.Digests;
import io.difflens.trainer.data.FeatureBank;
import io.difflens.trainer.data.FeatureCache;
import io.difflens.trainer.data.FeatureTokens;
import io.difflens.trainer.data.Images;
import io.difflens.trainer.data.ObjectHead;
import io.difflens.trainer.data.ObjectLabels;
import io.difflens.trainer.data.Prompts;
import io.difflens.trainer.data.TextConditioner;
import io.difflens.trainer.data.TokenBatch;
import io.difflens.trainer.data.VisualAnswerer;
import io.difflens.trainer.data.World;
import io.difflens.trainer.data.WorldSample;
import io.difflens.trainer.data.WorldVocabulary;
import io.difflens.datasets.world.Scene;
import io.difflens.datasets.world.SceneGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The LLM-side recipes: {@code llm} pre-trains the tiny LLaMA on the world's captions and
 * question–answer text; {@code pt} (stage 1) trains the projector alone on captioning from cached
 * unconditional UNet tokens; {@code sft} (stage 2) trains projector and LLM on questions, the UNet
 * prompted by the question, with caption dropout (the empty prompt) and noisy captions (words
 * deleted) as the paper's training options.
 *
 * <p>With a LoRA configuration ({@code sft --unet-lora}), SFT also trains a LoRA on the UNet's
 * cross-attention (the paper's option): the UNet then runs inside every step, on fresh scenes, with
 * gradients flowing from the answer back into the adapter; it is saved to {@code unet_lora/}, which
 * every later reader of the bundle merges into the UNet.
 */
public final class LanguageRecipes {
  private static final List<String> DESCRIBE =
      List.of("Describe the image briefly.", "What is in the image?", "Describe the objects in the picture.");

  /**
   * The paper's SFT prompting options, and the share of SFT examples that rehearse PT's captioning
   * (without it SFT trains questions only and the answerer forgets how to describe an image).
   */
  public record SftOptions(double captionDropout, double noisyCaptionRate, double wordDeletion, double captioningRate) {
    public static final SftOptions DEFAULT = new SftOptions(0.3, 0.2, 0.3, 0.1);

    public SftOptions {
      if (captionDropout < 0 || noisyCaptionRate < 0 || captionDropout + noisyCaptionRate > 1
          || wordDeletion < 0 || wordDeletion > 1 || captioningRate < 0 || captioningRate >= 1) {
        throw new IllegalArgumentException("invalid SFT options " + this);
      }
    }
  }

  private final BundleDir bundle;
  private final ZooSizes sizes;
  private final World world;
  /** Scenes in PT's feature cache of the tiny bundle. */
  public static final int PT_BANK_SCENES = 8000;

  /**
   * Scenes in SFT's feature cache of the tiny bundle, each with the UNet prompted by one question
   * (besides the unprompted and noisy-caption passes): the cache costs UNet passes, and spending them on
   * more scenes rather than more questions per scene gives the answerer more images to read.
   */
  public static final int SFT_BANK_SCENES = 16000;

  /** Scenes in either feature cache at the micro sizes of seconds-long test runs. */
  private static final int MICRO_BANK_SCENES = 48;

  /** Question-prompted UNet passes per cached SFT scene. */
  public static final int SFT_BANK_QUESTIONS = 1;

  /**
   * The bytes SFT's default feature pool holds on the heap at {@code sizes}: per scene the UNet tokens of
   * its three passes ({@code featureSide² x featureChannels} floats each) and its raw-pixel tokens. It grows
   * with the square of the grid: about 1.4 GB on the 8 x 8 grid, 5 GB on 16 x 16.
   */
  public static long sftBankBytes(ZooSizes sizes) {
    long side = sizes.featureSide();
    long unetFloats = SftBankLayout.THREE_PASS.passes() * side * side * sizes.featureChannels();
    long pixelFloats = 3L * sizes.imageSize() * sizes.imageSize();
    return (long) sftBankScenes(sizes) * (unetFloats + pixelFloats) * Float.BYTES;
  }

  private static int sftBankScenes(ZooSizes sizes) {
    return sizes.micro() ? MICRO_BANK_SCENES : SFT_BANK_SCENES;
  }

  private final int ptBankScenes;
  private final int sftBankScenes;
  private final Settings settings;

  /**
   * SFT's default weight of the auxiliary object loss. On the tiny bundle (development seed) SFT with it at 1
   * and 3 reached synth-vqa 0.60 and 0.61 against 0.50-0.51 without it over three seeds; PT's default is none,
   * as PT with it was not measured.
   */
  public static final double SFT_OBJECT_LOSS = 3.0;

  /** PT's record of the projector it saved, a file in PT's training folder ({@code training/pt/} and the variants'). */
  public static final String PT_PROJECTOR_DIGEST = "projector.sha256";

  /** The object loss's read-out in checkpoints (it is not saved with the bundle). */
  private static final String OBJECT_HEAD = "object_head";

  /** Offset of the UNet LoRA's initialisation seed from the recipe's seed. */
  private static final long LORA_SEED_OFFSET = 4_000_037L;

  /**
   * How the answerer recipes train, beyond the sizes and the options of a run.
   *
   * @param featureCache the folder of feature-bank caches shared between recipes (null: none)
   * @param unetLora SFT also trains a LoRA on the UNet's cross-attention with this configuration (null: the
   *     UNet stays frozen)
   * @param sftBank how SFT's feature pool spends its UNet passes: the same passes over {@code 3 /
   *     sftBank.passes()} times the scenes
   * @param objectLoss the weight of the auxiliary object loss ({@link ObjectHead}) added to the answer loss
   *     of the recipe that runs, PT or SFT (0: none; null: the recipe's default, {@link #SFT_OBJECT_LOSS}
   *     for SFT and none for PT)
   * @param objectCentres the object loss also names, in the one token that holds each object's centre,
   *     that object's attributes bound together ({@link ObjectLabels}'s centred group)
   * @param multiTurn whether SFT fills a row whose visual tokens do not depend on its question with further
   *     questions about the same scene, up to the batch's longest row, and how those turns read each other
   */
  public record Settings(
      Path featureCache, LoraConfig unetLora, SftBankLayout sftBank, Double objectLoss, boolean objectCentres,
      MultiTurn multiTurn) {
    public static final Settings DEFAULT =
        new Settings(null, null, SftBankLayout.THREE_PASS, null, false, MultiTurn.OFF);

    public Settings {
      Objects.requireNonNull(sftBank, "sftBank");
      Objects.requireNonNull(multiTurn, "multiTurn");
      if (objectLoss != null && !(objectLoss >= 0 && objectLoss < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("the object loss weight must be a number >= 0, got " + objectLoss);
      }
    }

    /** The object loss's weight in SFT ({@code sft}) or PT. */
    public double objectLoss(boolean sft) {
      return objectLoss != null ? objectLoss : sft ? SFT_OBJECT_LOSS : 0;
    }

    public Settings withFeatureCache(Path folder) {
      return new Settings(folder, unetLora, sftBank, objectLoss, objectCentres, multiTurn);
    }

    public Settings withUnetLora(LoraConfig lora) {
      return new Settings(featureCache, lora, sftBank, objectLoss, objectCentres, multiTurn);
    }

    public Settings withSftBank(SftBankLayout layout) {
      return new Settings(featureCache, unetLora, layout, objectLoss, objectCentres, multiTurn);
    }

    public Settings withObjectLoss(double weight) {
      return new Settings(featureCache, unetLora, sftBank, weight, objectCentres, multiTurn);
    }

    public Settings withObjectCentres(boolean centres) {
      return new Settings(featureCache, unetLora, sftBank, objectLoss, centres, multiTurn);
    }

    public Settings withMultiTurn(MultiTurn mode) {
      return new Settings(featureCache, unetLora, sftBank, objectLoss, objectCentres, mode);
    }
  }

  public LanguageRecipes(BundleDir bundle, ZooSizes sizes, World world) {
    this(bundle, sizes, world, Settings.DEFAULT);
  }

  /** {@code featureCache}: the folder of feature-bank caches shared between recipes (null: none). */
  public LanguageRecipes(BundleDir bundle, ZooSizes sizes, World world, Path featureCache) {
    this(bundle, sizes, world, Settings.DEFAULT.withFeatureCache(featureCache));
  }

  public LanguageRecipes(BundleDir bundle, ZooSizes sizes, World world, Settings settings) {
    this.bundle = bundle;
    this.sizes = sizes;
    this.world = world;
    this.settings = Objects.requireNonNull(settings, "settings");
    // 480 scenes let the answerer memorise the pool (training loss 0.11, no better than question-only on
    // held-out suites); thousands force it to read the image. With 4 000, twice the SFT steps at twice the
    // rate fitted the pool better (training loss 0.36 against 0.46) and held-out synth-vqa no better (0.448
    // against 0.464): more scenes, not more steps
    this.ptBankScenes = sizes.micro() ? MICRO_BANK_SCENES : PT_BANK_SCENES;
    this.sftBankScenes = sftBankScenes(sizes);
  }

  public TrainingResult run(Recipe recipe, TrainOptions options) {
    return run(recipe, options, null);
  }

  /**
   * Runs a language recipe; {@code variant} (PT and SFT only; null for the bundle's own answerer) trains
   * a comparison answerer on other visual inputs into {@code variants/<key>/}.
   */
  public TrainingResult run(Recipe recipe, TrainOptions options, AnswererVariant variant) {
    if (variant != null && recipe == Recipe.LLM) {
      throw new IllegalArgumentException("answerer variants are trained by pt and sft, not llm");
    }
    LoraConfig unetLora = settings.unetLora();
    SftBankLayout sftBank = settings.sftBank();
    if (unetLora != null && (recipe != Recipe.SFT || variant != null)) {
      throw new IllegalArgumentException(
          "a UNet LoRA is trained by sft with the bundle's own answerer, not by " + recipe.key()
              + (variant == null ? "" : " --variant " + variant.key())
              + ": the variants read the bundle's UNet as it is");
    }
    if (unetLora != null && settings.multiTurn() != MultiTurn.OFF) {
      throw new IllegalArgumentException(
          "multi-turn SFT rows do not apply with --unet-lora: its UNet is prompted by each row's one question");
    }
    if (sftBank != SftBankLayout.THREE_PASS) {
      String by = recipe.key() + (variant == null ? "" : " --variant " + variant.key())
          + (unetLora == null ? "" : " --unet-lora");
      if (recipe != Recipe.SFT || unetLora != null || variant == AnswererVariant.PIXELS
          || (variant == AnswererVariant.CONCAT && !sftBank.servesConcat())) {
        String readers = sftBank.servesConcat() ? " (the bundle's own answerer or --variant concat)"
            : " of the bundle's own answerer";
        throw new IllegalArgumentException(
            "a " + sftBank.key() + " feature pool is read by sft" + readers + " without a UNet LoRA, not by " + by);
      }
    }
    if (unetLora != null) {
      return loraSft(options);
    }
    return switch (recipe) {
      case LLM -> llm(options);
      case PT -> stage(options, false, variant);
      case SFT -> stage(options, true, variant);
      default -> throw new IllegalArgumentException(recipe.key() + " is not a language recipe");
    };
  }

  private TrainingResult llm(TrainOptions options) {
    WordLevelVocabulary vocab =
        WorldVocabulary.build(world, WordLevelVocabulary.Flavor.LLAMA, RecipeRunner.VOCABULARY_SEED, sizes.vocabularyScenes());
    vocab.writeTo(bundle.component(BundleDir.LLM_TOKENIZER));
    ObjectNode json = sizes.llamaJson(vocab.size());
    try (NDManager manager = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = LlamaTokenizer.load(bundle.llmTokenizer())) {
      LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(json));
      lm.initializeParameters(manager, DataType.FLOAT32);
      TrainingTask task = new TrainingTask() {
        @Override
        public Map<String, Parameter> trainable() {
          return ParameterPaths.of(lm);
        }

        @Override
        public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
          List<TokenBatch.Row> rows = new ArrayList<>();
          for (int i = 0; i < batch; i++) {
            rows.add(pretrainingRow(tokenizer, world.scene(rng), rng));
          }
          long[][] ids = TokenBatch.pad(rows, tokenizer.eosId());
          int len = ids[0].length;
          NDArray all = TokenBatch.ids(m, ids);
          NDArray input = all.get(":, 0:" + (len - 1));
          NDArray target = all.get(":, 1:");
          float[] mask = TokenBatch.targetMask(rows, len);
          float[] shifted = new float[batch * (len - 1)];
          for (int r = 0; r < batch; r++) {
            System.arraycopy(mask, r * len + 1, shifted, r * (len - 1), len - 1);
          }
          NDArray logits = lm.logits(input);
          return TokenBatch.crossEntropy(logits, target, m.create(shifted, target.getShape()));
        }
      };
      TrainingResult r = TrainingLoop.run("llm", task, options, manager);
      bundle.save(BundleDir.LLM, json, lm);
      // SFT overwrites llm/; every answerer's PT starts again from this copy
      bundle.save(BundleDir.LLM_BASE, json, lm);
      return r;
    }
  }

  /** A caption or a question–answer exchange, every token after BOS a target. */
  private static TokenBatch.Row pretrainingRow(LlamaTokenizer tok, Scene scene, SplittableRandom rng) {
    String text;
    if (rng.nextBoolean()) {
      CaptionStyle style = CaptionStyle.values()[rng.nextInt(CaptionStyle.values().length - 1)];
      text = new io.difflens.datasets.world.Captioner().caption(scene, style, rng).text();
    } else {
      List<Question> qs = new io.difflens.datasets.world.QuestionGenerator().askAll(scene, rng);
      Question q = qs.get(rng.nextInt(qs.size()));
      text = Prompts.question(q.text()) + " " + q.answer();
    }
    long[] body = tok.encodePrompt(text);
    long[] ids = java.util.Arrays.copyOf(body, body.length + 1);
    ids[body.length] = tok.eosId();
    boolean[] target = new boolean[ids.length];
    java.util.Arrays.fill(target, 1, ids.length, true);
    return new TokenBatch.Row(ids, target);
  }

  private TrainingResult stage(TrainOptions options, boolean sft, AnswererVariant variant) {
    String llmDir = variant == null ? BundleDir.LLM : variant.llm();
    String projectorDir = variant == null ? BundleDir.PROJECTOR : variant.projector();
    String label = trainingKey(sft ? Recipe.SFT : Recipe.PT, variant);
    try (NDManager manager = NDManager.newBaseManager();
        ClipTokenizer clipTok = ClipTokenizer.load(bundle.component(BundleDir.TOKENIZER));
        LlamaTokenizer tokenizer = LlamaTokenizer.load(bundle.llmTokenizer())) {
      FeatureTokens features = variant == AnswererVariant.PIXELS ? null : featureTokens(manager, clipTok);
      // PT starts from the pre-trained LLM (kept by the llm recipe; bundles from before that copy use llm/),
      // SFT from what PT left
      String llmSource = sft ? llmDir : bundle.has(BundleDir.LLM_BASE) ? BundleDir.LLM_BASE : BundleDir.LLM;
      JsonNode llmJson = bundle.config(llmSource);
      LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(llmJson));
      bundle.load(llmSource, lm, manager);
      long bankSeed = options.seed() + (sft ? 2_000_003L : 3_000_017L);
      SftBankLayout layout = sft ? settings.sftBank() : SftBankLayout.THREE_PASS;
      // every layout spends the UNet passes of the three-pass pool
      int scenes = sft ? sftBankScenes * SftBankLayout.THREE_PASS.passes() / layout.passes() : ptBankScenes;
      int questions = sft ? SFT_BANK_QUESTIONS : 0;
      FeatureBank.Spec spec = FeatureBank.Spec.of(bankSeed, scenes, questions, SftOptions.DEFAULT.wordDeletion());
      if (layout != SftBankLayout.THREE_PASS) {
        spec = spec.withDraw(new FeatureBank.PromptDraw(
            SftOptions.DEFAULT.captionDropout(),
            SftOptions.DEFAULT.noisyCaptionRate(),
            layout == SftBankLayout.TWO_PASS));
      }
      FeatureBank bank =
          FeatureBank.build(
              world, features, sizes.featureSide(), manager, spec, features == null ? null : featureCache(spec));
      Visual visual = new Visual(bank, variant);
      ObjectNode projJson = sizes.projectorJson(visual.channels());
      Projector projector = new Projector(ProjectorConfig.fromJson(projJson));
      if (sft) {
        requirePtGrid(projectorDir, projJson);
        if (!options.resume()) {
          warnUnlessPtProjector(projectorDir, llmDir, variant);
        }
        bundle.load(projectorDir, projector, manager);
      } else {
        projector.initializeParameters(manager, DataType.FLOAT32);
      }
      VisualAnswerer answerer = new VisualAnswerer(tokenizer, lm, projector);
      TrainingTask task =
          sft ? sftTask(answerer, visual, SftOptions.DEFAULT, manager) : ptTask(answerer, visual, manager);
      TrainingResult r = TrainingLoop.run(label, task, options, manager);
      bundle.save(projectorDir, projJson, projector);
      bundle.save(llmDir, llmJson, lm);
      if (!sft) {
        Files.writeString(ptProjectorDigest(variant), Digests.ofFolder(bundle.component(projectorDir)));
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The training folder and progress label of a PT or SFT recipe: pt, sft, or the variant's own. */
  private static String trainingKey(Recipe recipe, AnswererVariant variant) {
    return variant == null ? recipe.key() : variant.trainingKey(recipe);
  }

  /** Where PT records a digest of the projector it saved: SFT checks that it starts from that projector. */
  private Path ptProjectorDigest(AnswererVariant variant) {
    return bundle.training(trainingKey(Recipe.PT, variant)).resolve(PT_PROJECTOR_DIGEST);
  }

  /**
   * SFT starts from what the answerer's folders hold, which is PT's projector and the pre-trained LLM only
   * until an SFT has run: run again without PT, it would continue the last SFT's weights. Worth a word, not a
   * refusal: continuing an SFT on purpose is an experiment of its own (the model card's G2 was one).
   */
  private void warnUnlessPtProjector(String projectorDir, String llmDir, AnswererVariant variant) {
    Path recorded = ptProjectorDigest(variant);
    if (!Files.isRegularFile(recorded)) {
      return; // a bundle made before PT recorded it
    }
    try {
      if (!Files.readString(recorded).strip().equals(Digests.ofFolder(bundle.component(projectorDir)))) {
        System.err.printf(
            Locale.ROOT,
            "warning: %s/ is not the projector PT saved (%s): this SFT continues the weights now in %s/ and"
                + " %s/ (most likely an earlier SFT's), not PT's; run pt first to train from PT%n",
            projectorDir, bundle.root().relativize(recorded), projectorDir, llmDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SFT continues the projector PT trained, so it must read the tokens PT read: the bundle's feature grid and
   * the projector's token merge. Another grid with the same merge gives weights of the same shapes, which
   * would load without a word and feed the LLM another number of tokens.
   */
  private void requirePtGrid(String projectorDir, ObjectNode projJson) {
    int grid = BundleConfig.read(bundle.root().resolve(BundleConfig.FILE)).features().grid();
    int merge = bundle.config(projectorDir).path("mm_token_merge").asInt(1);
    int want = projJson.path("mm_token_merge").asInt(1);
    if (grid != sizes.featureSide() || merge != want) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s was trained by pt on a %d x %d feature grid merged %d x %d (bundle.json, %s/config.json), and this"
              + " sft reads a %d x %d grid merged %d x %d: give sft the --feature-grid and --token-merge pt had,"
              + " or run pt again",
          projectorDir, grid, grid, merge, merge, projectorDir, sizes.featureSide(), sizes.featureSide(), want,
          want));
    }
  }

  /**
   * SFT with a LoRA on the UNet's cross-attention: projector, LLM and adapter trained together on the
   * answer loss. No feature bank can hold features of a UNet that changes every step, so each step renders
   * fresh scenes and runs the UNet on them (a UNet forward and backward per example), prompted as the
   * cached SFT prompts them: by the question, by nothing (caption dropout) or by a noisy caption.
   */
  private TrainingResult loraSft(TrainOptions options) {
    try (NDManager manager = NDManager.newBaseManager();
        ClipTokenizer clipTok = ClipTokenizer.load(bundle.component(BundleDir.TOKENIZER));
        LlamaTokenizer tokenizer = LlamaTokenizer.load(bundle.llmTokenizer())) {
      // a new adapter on the UNet alone, not on top of an earlier one
      UNet2DConditionModel unet = unet(manager, false);
      FeatureTokens features = featureTokens(manager, clipTok, unet);
      LoraAdapters hooks = LoraAdapters.install(unet);
      LoraAdapter adapter =
          LoraAdapter.create(settings.unetLora(), unet, manager, options.seed() + LORA_SEED_OFFSET);
      hooks.add(BundleDir.UNET_LORA, adapter);
      JsonNode llmJson = bundle.config(BundleDir.LLM);
      LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(llmJson));
      bundle.load(BundleDir.LLM, lm, manager);
      ObjectNode projJson = sizes.projectorJson(sizes.featureChannels());
      Projector projector = new Projector(ProjectorConfig.fromJson(projJson));
      requirePtGrid(BundleDir.PROJECTOR, projJson);
      if (!options.resume()) {
        warnUnlessPtProjector(BundleDir.PROJECTOR, BundleDir.LLM, null);
      }
      bundle.load(BundleDir.PROJECTOR, projector, manager);
      VisualAnswerer answerer = new VisualAnswerer(tokenizer, lm, projector);
      TrainingTask task = loraSftTask(answerer, features, hooks, adapter, SftOptions.DEFAULT, manager);
      TrainingResult r = TrainingLoop.run("sft", task, options, manager);
      bundle.save(BundleDir.PROJECTOR, projJson, projector);
      bundle.save(BundleDir.LLM, llmJson, lm);
      try {
        Files.createDirectories(bundle.component(BundleDir.UNET_LORA));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + bundle.component(BundleDir.UNET_LORA), e);
      }
      adapter.save(unetLoraFile(), "");
      return r;
    }
  }

  private TrainingTask loraSftTask(
      VisualAnswerer answerer, FeatureTokens features, LoraAdapters hooks, LoraAdapter adapter, SftOptions o,
      NDManager manager) {
    return new AnswererTask(answerer, answererParameters(answerer), true, manager) {
      @Override
      public Map<String, Parameter> trainable() {
        Map<String, Parameter> p = super.trainable();
        adapter.trainableParameters().forEach((k, v) -> p.put(BundleDir.UNET_LORA + "." + k, v));
        return p;
      }

      @Override
      public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
        List<WorldSample> samples = world.samples(rng, batch);
        List<String> prompts = new ArrayList<>();
        List<TokenBatch.Row> rows = new ArrayList<>();
        for (WorldSample s : samples) {
          List<Question> all = world.questions().askAll(s.scene(), rng);
          if (all.isEmpty() || rng.nextDouble() < o.captioningRate()) {
            prompts.add("");
            rows.add(captionRow(answerer, s.scene(), rng));
            continue;
          }
          Question q = all.get(rng.nextInt(all.size()));
          double u = rng.nextDouble();
          if (u < o.captionDropout()) {
            prompts.add("");
          } else if (u < o.captionDropout() + o.noisyCaptionRate()) {
            prompts.add(Prompts.deleteWords(Prompts.fullCaption(world, s.scene(), rng), o.wordDeletion(), rng));
          } else {
            prompts.add(q.text());
          }
          rows.add(row(answerer, q.text(), q.answer()));
        }
        NDArray pixels = Images.batch(m, samples.stream().map(WorldSample::image).toList());
        NDArray tokens;
        try (LoraAdapters.Activation active = hooks.activateForTraining(BundleDir.UNET_LORA)) {
          tokens = features.raw(m, pixels, prompts, rng.nextLong());
        }
        return total(m, tokens, rows, samples.stream().map(WorldSample::scene).toList());
      }
    };
  }

  /**
   * A PT or SFT step's loss: the answer's, plus, when the settings weigh it, the auxiliary object loss of
   * an {@link ObjectHead} on the tokens the LLM read (its read-out then trains too, and the loss log gets
   * both parts).
   */
  private abstract class AnswererTask implements TrainingTask {
    private final VisualAnswerer answerer;
    private final Map<String, Parameter> parameters;
    private final double weight;
    private final ObjectHead objects;
    private Map<String, Double> parts = Map.of();

    /**
     * @param sft the task is SFT's (else PT's): which default object-loss weight applies
     * @param manager the recipe's, where an object read-out's parameters live
     */
    AnswererTask(VisualAnswerer answerer, Map<String, Parameter> parameters, boolean sft, NDManager manager) {
      this.answerer = answerer;
      this.parameters = parameters;
      this.weight = settings.objectLoss(sft);
      this.objects = weight == 0
          ? null
          : new ObjectHead(answerer.projector().config().textHiddenSize(),
              new ObjectLabels(world.renderer().config(), settings.objectCentres()), manager);
    }

    @Override
    public Map<String, Parameter> trainable() {
      Map<String, Parameter> p = new LinkedHashMap<>(parameters);
      if (objects != null) {
        objects.parameters().forEach((k, v) -> p.put(OBJECT_HEAD + "." + k, v));
      }
      return p;
    }

    @Override
    public Map<String, Double> parts() {
      return parts;
    }

    /** The step's loss on {@code visual} tokens (B, N, C) of {@code scenes}, one per row. */
    NDArray total(NDManager m, NDArray visual, List<TokenBatch.Row> rows, List<Scene> scenes) {
      Map<String, Double> logged = new LinkedHashMap<>();
      if (settings.multiTurn() != MultiTurn.OFF) {
        logged.put("answers_per_row", TokenBatch.answers(rows) / (double) rows.size());
      }
      if (objects == null) {
        parts = logged;
        return answerer.loss(m, visual, rows);
      }
      VisualAnswerer.Scored scored = answerer.scored(m, visual, rows);
      NDArray object = objects.loss(m, scored.projected(), scenes);
      logged.put("answer_loss", (double) scored.loss().getFloat());
      logged.put("object_loss", (double) object.getFloat());
      parts = logged;
      return scored.loss().add(object.mul((float) weight));
    }
  }

  /** What an answerer sees of a pooled scene: its visual input. */
  private record Visual(FeatureBank bank, AnswererVariant variant) {
    long channels() {
      if (variant == AnswererVariant.PIXELS) {
        return bank.pixelChannels();
      }
      return variant == AnswererVariant.CONCAT ? 2 * bank.channels() : bank.channels();
    }

    /** The captioning input: the image without a prompt. */
    float[] unprompted(FeatureBank.Entry e) {
      return of(e, e.uncondTokens());
    }

    /** {@code prompted}: the conditional tokens the SFT options drew for this example. */
    float[] of(FeatureBank.Entry e, float[] prompted) {
      if (variant == AnswererVariant.PIXELS) {
        return e.pixelTokens();
      }
      return variant == AnswererVariant.CONCAT ? bank.concat(e.uncondTokens(), prompted) : prompted;
    }

    NDArray stack(NDManager m, List<float[]> rows) {
      return bank.stack(m, rows, channels());
    }
  }

  /**
   * The cache of a feature bank in the settings' feature-cache folder (null without one), named by a digest of
   * everything its tokens depend on: the UNet, text encoder and tokenizer files, the feature layers, grid,
   * image size and timestep, and the bank's seed and counts.
   */
  public FeatureCache featureCache(FeatureBank.Spec spec) {
    Path featureCache = settings.featureCache();
    if (featureCache == null) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (String c : List.of(BundleDir.UNET, BundleDir.TEXT_ENCODER, BundleDir.TOKENIZER)) {
      key.append(c).append('=').append(Digests.ofFolder(bundle.component(c))).append(';');
    }
    if (bundle.has(BundleDir.UNET_LORA)) {
      // merged into the UNet the bank reads; absent, the key is what it was before adapters existed
      key.append(BundleDir.UNET_LORA).append('=').append(Digests.ofFolder(bundle.component(BundleDir.UNET_LORA)))
          .append(';');
    }
    key.append("layers=").append(sizes.featureLayers()).append(";side=").append(sizes.featureSide());
    key.append(";image=").append(sizes.imageSize()).append(";t=").append(FeatureTokens.DEFAULT_TIMESTEP);
    key.append(";seed=").append(spec.seed()).append(";scenes=").append(spec.scenes())
        .append(";questions=").append(spec.questionsPerScene());
    key.append(";word_deletion=").append(spec.wordDeletion());
    if (spec.questionsPerScene() == 0) {
      // such a pool once held noisy-caption passes too: a cache from then is not this pool's
      key.append(";unprompted_only");
    }
    FeatureBank.PromptDraw draw = spec.draw();
    if (draw != null) {
      // absent when every prompt is passed: the key is what it was before drawn prompts existed
      key.append(";draw=").append(draw.uncond()).append(',').append(draw.noisyCaption())
          .append(draw.unpromptedToo() ? ",unprompted_too" : "");
    }
    String name = "bank-" + Digests.sha256(key.toString()).substring(0, 16) + ".bin";
    return new FeatureCache(featureCache.resolve(name), key.toString());
  }

  /**
   * The frozen UNet and text encoder as a token source; the UNet with the bundle's UNet LoRA merged when
   * it has one, as {@code ModelBundle} serves it.
   */
  public FeatureTokens featureTokens(NDManager manager, ClipTokenizer clipTok) {
    return featureTokens(manager, clipTok, unet(manager, true));
  }

  /** The bundle's UNet, with its {@code unet_lora/} merged if {@code withLora} and it has one. */
  private UNet2DConditionModel unet(NDManager manager, boolean withLora) {
    UNet2DConditionModel unet =
        new UNet2DConditionModel(UNet2DConditionConfig.parse(bundle.config(BundleDir.UNET)));
    bundle.load(BundleDir.UNET, unet, manager);
    if (withLora && bundle.has(BundleDir.UNET_LORA)) {
      LoraAdapters hooks = LoraAdapters.install(unet);
      hooks.add(BundleDir.UNET_LORA, LoraAdapter.load(unetLoraFile(), unet, manager, ""));
      hooks.merge(BundleDir.UNET_LORA);
    }
    return unet;
  }

  private Path unetLoraFile() {
    return bundle.component(BundleDir.UNET_LORA).resolve(BundleDir.weightsFile(BundleDir.UNET_LORA));
  }

  private FeatureTokens featureTokens(NDManager manager, ClipTokenizer clipTok, UNet2DConditionModel unet) {
    ClipTextModel text =
        new ClipTextModel(ClipTextConfig.fromJson(bundle.config(BundleDir.TEXT_ENCODER)));
    bundle.load(BundleDir.TEXT_ENCODER, text, manager);
    // frozen for good: SFT with a UNet LoRA runs both inside the gradient collector
    ParameterPaths.of(text).values().forEach(p -> p.freeze(true));
    ParameterPaths.of(unet).values().forEach(p -> p.freeze(true));
    return new FeatureTokens(
        unet,
        new TextConditioner(clipTok, text),
        NoiseSchedule.stableDiffusion(),
        sizes.featureLayers(),
        sizes.featureSide(),
        sizes.imageSize(),
        FeatureTokens.DEFAULT_TIMESTEP);
  }

  private TrainingTask ptTask(VisualAnswerer answerer, Visual input, NDManager manager) {
    FeatureBank bank = input.bank();
    return new AnswererTask(answerer, ParameterPaths.of(answerer.projector()), false, manager) {
      @Override
      public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
        List<float[]> visual = new ArrayList<>();
        List<TokenBatch.Row> rows = new ArrayList<>();
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          FeatureBank.Entry e = bank.entries().get(rng.nextInt(bank.entries().size()));
          visual.add(input.unprompted(e));
          rows.add(captionRow(answerer, e.scene(), rng));
          scenes.add(e.scene());
        }
        return total(m, input.stack(m, visual), rows, scenes);
      }
    };
  }

  private TrainingTask sftTask(VisualAnswerer answerer, Visual input, SftOptions o, NDManager manager) {
    FeatureBank bank = input.bank();
    if (o.captioningRate() > 0 && bank.entries().stream().allMatch(e -> input.unprompted(e) == null)) {
      throw new IllegalArgumentException("the SFT feature bank has no unprompted pass for the captioning rehearsal");
    }
    return new AnswererTask(answerer, answererParameters(answerer), true, manager) {
      @Override
      public NDArray loss(NDManager m, SplittableRandom rng, int batch) {
        List<float[]> visual = new ArrayList<>();
        List<TokenBatch.Row> rows = new ArrayList<>();
        List<Scene> scenes = new ArrayList<>();
        // per row, the further questions a multi-turn row may ask (none where the tokens depend on its question)
        List<List<Question>> followUps = new ArrayList<>();
        while (rows.size() < batch) {
          FeatureBank.Entry e = bank.entries().get(rng.nextInt(bank.entries().size()));
          if (rng.nextDouble() < o.captioningRate()) {
            // in a one-pass pool a scene may hold no unprompted pass: caption another scene that does
            while (input.unprompted(e) == null) {
              e = bank.entries().get(rng.nextInt(bank.entries().size()));
            }
            visual.add(input.unprompted(e));
            rows.add(captionRow(answerer, e.scene(), rng));
            scenes.add(e.scene());
            followUps.add(List.of());
            continue;
          }
          if (e.asked().isEmpty()) {
            continue;
          }
          FeatureBank.Asked a = e.asked().get(rng.nextInt(e.asked().size()));
          boolean questionPrompted;
          float[] prompted;
          FeatureBank.PromptDraw draw = bank.draw();
          if (draw == null) {
            double u = rng.nextDouble();
            questionPrompted = u >= o.captionDropout() + o.noisyCaptionRate();
            prompted = u < o.captionDropout()
                ? e.uncondTokens()
                : questionPrompted ? a.condTokens() : e.noisyCaptionTokens();
          } else {
            // the scene's prompted pass was drawn with the same shares when the pool was built; with the
            // unprompted pass too, caption dropout is drawn here
            float[] scenePrompted = e.noisyCaptionTokens() != null ? e.noisyCaptionTokens() : a.condTokens();
            boolean dropped = draw.unpromptedToo() ? rng.nextDouble() < o.captionDropout() : scenePrompted == null;
            prompted = dropped ? e.uncondTokens() : scenePrompted;
            questionPrompted = !dropped && a.condTokens() != null;
          }
          visual.add(input.of(e, prompted));
          Question q = a.question();
          List<Question> more = List.of();
          if (!questionPrompted || input.variant() == AnswererVariant.PIXELS) {
            // the visual input does not depend on the question: ask any question about the scene
            List<Question> all = world.questions().askAll(e.scene(), rng);
            if (settings.multiTurn() != MultiTurn.OFF) {
              all = SceneGenerator.shuffled(all, rng);
              q = all.get(0);
              more = all.subList(1, all.size());
            } else {
              // one draw, as before multi-turn rows existed: a run without them keeps its examples
              q = all.get(rng.nextInt(all.size()));
            }
          }
          rows.add(row(answerer, q.text(), q.answer()));
          scenes.add(e.scene());
          followUps.add(more);
        }
        if (settings.multiTurn() != MultiTurn.OFF) {
          askFurther(answerer, rows, followUps, settings.multiTurn() == MultiTurn.ISOLATED);
        }
        return total(m, input.stack(m, visual), rows, scenes);
      }
    };
  }

  /**
   * Fills each row with its further questions, as later turns ({@link MultiTurn}), while it stays no longer
   * than the batch's longest row: the batch is padded to that length anyway, so the extra answers cost
   * little. A step then trains on more answers about the same scenes.
   */
  private static void askFurther(
      VisualAnswerer answerer, List<TokenBatch.Row> rows, List<List<Question>> followUps, boolean isolated) {
    int longest = rows.stream().mapToInt(r -> r.ids().length).max().orElse(0);
    for (int i = 0; i < rows.size(); i++) {
      TokenBatch.Row r = rows.get(i);
      for (Question f : followUps.get(i)) {
        TokenBatch.Row next = answerer.followUp(r, f.text(), f.answer(), isolated);
        if (next.ids().length > longest) {
          break;
        }
        r = next;
      }
      rows.set(i, r);
    }
  }

  /** SFT's trainable parameters, by checkpoint key: the projector's and the LLM's. */
  private static Map<String, Parameter> answererParameters(VisualAnswerer answerer) {
    Map<String, Parameter> p = new LinkedHashMap<>();
    ParameterPaths.of(answerer.projector()).forEach((k, v) -> p.put("projector." + k, v));
    ParameterPaths.of(answerer.llm()).forEach((k, v) -> p.put("llm." + k, v));
    return p;
  }

  /** A describe-the-image prompt answered by a full or counting caption of the scene. */
  private TokenBatch.Row captionRow(VisualAnswerer answerer, Scene scene, SplittableRandom rng) {
    String caption =
        world.captioner().caption(scene, rng.nextBoolean() ? CaptionStyle.FULL : CaptionStyle.COUNTS, rng).text();
    return row(answerer, DESCRIBE.get(rng.nextInt(DESCRIBE.size())), caption);
  }

  private static TokenBatch.Row row(VisualAnswerer answerer, String question, String answer) {
    return answerer.row(question, answer);
  }
}
