package io.difflens.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.datasets.world.RenderConfig;
import io.difflens.datasets.world.SceneConfig;
import io.difflens.models.bundle.AnswererDefaults;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.BundleFamily;
import io.difflens.models.bundle.FeatureDefaults;
import io.difflens.models.bundle.LatentSpace;
import io.difflens.models.bundle.MatcherDefaults;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.LlamaTokenizer;
import io.difflens.models.text.WordLevelVocabulary;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.trainer.data.FeatureTokens;
import io.difflens.trainer.data.Prompts;
import io.difflens.trainer.data.TextConditioner;
import io.difflens.trainer.data.World;
import io.difflens.trainer.data.WorldVocabulary;
import io.difflens.trainer.recipes.ClipRecipe;
import io.difflens.trainer.recipes.DenoisingGain;
import io.difflens.trainer.recipes.LanguageRecipes;
import io.difflens.trainer.recipes.UNetRecipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs recipes into a {@link BundleDir}: each reads the components earlier recipes wrote (the UNet
 * recipe needs the CLIP text encoder, the LLM stages need the UNet) and writes its own, plus {@code
 * training/<recipe>/result.json} and {@code loss.jsonl}.
 */
public final class RecipeRunner {
  /** Seed of the vocabulary scan: fixed, so every run of every recipe agrees on token ids. */
  public static final long VOCABULARY_SEED = 7;
  /** Held-out scenes for the denoising-gain measurement are drawn from seed + this offset. */
  public static final long HELD_OUT_OFFSET = 1_000_003;
  /** Held-out scenes of the denoising-gain measurement. */
  public static final int GAIN_SCENES = 32;
  /** The version written into {@code bundle.json}; adapters name the base version they were trained on. */
  public static final String BUNDLE_VERSION = "2";
  /** The default noise seed of feature extraction at serving time. */
  public static final long FEATURE_SEED = 0;
  /** The world's answers are one or two words; 8 tokens leave room for a wrong longer one. */
  public static final int MAX_ANSWER_TOKENS = 8;

  private final BundleDir bundle;
  private final ZooSizes sizes;
  private final World world;
  private final LanguageRecipes.Settings language;

  public RecipeRunner(BundleDir bundle, ZooSizes sizes) {
    this(bundle, sizes, (Path) null);
  }

  /**
   * @param featureCache a folder where PT and SFT keep the UNet tokens of their feature banks, so that a
   *     later recipe building the same bank reads it instead of running the UNet again (null: none); {@code
   *     train all} gives its recipes one and deletes it at the end
   */
  public RecipeRunner(BundleDir bundle, ZooSizes sizes, Path featureCache) {
    this(bundle, sizes, LanguageRecipes.Settings.DEFAULT.withFeatureCache(featureCache));
  }

  private RecipeRunner(BundleDir bundle, ZooSizes sizes, LanguageRecipes.Settings language) {
    this.bundle = bundle;
    this.sizes = sizes;
    this.world = new World(SceneConfig.DEFAULT, RenderConfig.ofSize(sizes.imageSize()));
    this.language = language;
  }

  /**
   * This runner with SFT also training a LoRA on the UNet's cross-attention (the paper's optional stage-2
   * LoRA), saved to {@code unet_lora/}; only {@code sft} of the bundle's own answerer accepts one.
   */
  public RecipeRunner withUnetLora(LoraConfig lora) {
    return new RecipeRunner(bundle, sizes, language.withUnetLora(lora));
  }

  /**
   * This runner with SFT's feature pool in {@code layout} ({@link SftBankLayout}: the same UNet passes over
   * more scenes); PT, the pixel variant and {@code sft --unet-lora} refuse any but the three-pass layout.
   */
  public RecipeRunner withSftBank(SftBankLayout layout) {
    return new RecipeRunner(bundle, sizes, language.withSftBank(layout));
  }

  /**
   * This runner with PT and SFT adding the auxiliary object loss ({@code ObjectHead}) at this weight to the
   * answer's loss (0: none); without it, each recipe's default ({@code LanguageRecipes.SFT_OBJECT_LOSS} for
   * SFT, none for PT).
   */
  public RecipeRunner withObjectLoss(double weight) {
    return new RecipeRunner(bundle, sizes, language.withObjectLoss(weight));
  }

  /**
   * This runner with the object loss also naming each object, its attributes bound, in the one token that
   * holds its centre ({@code ObjectLabels}'s centred group).
   */
  public RecipeRunner withObjectCentres(boolean centres) {
    return new RecipeRunner(bundle, sizes, language.withObjectCentres(centres));
  }

  /**
   * This runner with SFT filling each row whose visual tokens do not depend on its question with further
   * questions about its scene, up to the batch's longest row, as {@code mode} says.
   */
  public RecipeRunner withMultiTurn(MultiTurn mode) {
    return new RecipeRunner(bundle, sizes, language.withMultiTurn(mode));
  }

  public World world() {
    return world;
  }

  public ZooSizes sizes() {
    return sizes;
  }

  /** The options a recipe runs with when the command line leaves them out. */
  public TrainOptions defaults(Recipe recipe, long seed, boolean resume) {
    return defaults(recipe, seed, resume, null);
  }

  /** The defaults of an answerer variant's PT or SFT (its own training folder; null: the bundle's own). */
  public TrainOptions defaults(Recipe recipe, long seed, boolean resume, AnswererVariant variant) {
    return new TrainOptions(
        bundle.training(variant == null ? recipe.key() : variant.trainingKey(recipe)),
        recipe.defaultSteps(),
        recipe.defaultBatch(),
        seed,
        resume,
        recipe.defaultLearningRate(),
        Math.max(50, recipe.defaultSteps() / 20));
  }

  /**
   * Runs one recipe ({@link Recipe#ALL}: every job of {@link TrainPlan#all()} one after the other in this
   * process, each with its defaults; {@code difflens train all} runs them in parallel processes instead).
   */
  public List<TrainingResult> run(Recipe recipe, TrainOptions options) {
    return run(recipe, options, null);
  }

  /** Runs one recipe; {@code variant} (PT or SFT only, null for the bundle's own) trains an answerer variant. */
  public List<TrainingResult> run(Recipe recipe, TrainOptions options, AnswererVariant variant) {
    if (recipe == Recipe.ALL) {
      if (variant != null) {
        throw new IllegalArgumentException("all trains every variant; name pt or sft to train one");
      }
      List<TrainingResult> out = new ArrayList<>();
      for (TrainPlan.Job job : TrainPlan.all()) {
        Recipe r = job.recipe();
        out.addAll(run(r, defaults(r, options.seed(), options.resume(), job.variant()), job.variant()));
      }
      return out;
    }
    if (variant != null && recipe != Recipe.PT && recipe != Recipe.SFT) {
      throw new IllegalArgumentException("answerer variants are trained by pt and sft, not " + recipe.key());
    }
    Engine.getInstance().setRandomSeed((int) options.seed());
    TrainingResult result =
        switch (recipe) {
          case CLIP -> clip(options);
          case UNET -> unet(options);
          case LLM, PT, SFT ->
              new LanguageRecipes(bundle, sizes, world, language).run(recipe, options, variant);
          case ALL -> throw new AssertionError();
        };
    writeResult(recipe, options, result);
    writeBundleJson();
    return List.of(result);
  }

  private TrainingResult clip(TrainOptions options) {
    WordLevelVocabulary vocab =
        WorldVocabulary.build(world, WordLevelVocabulary.Flavor.CLIP, VOCABULARY_SEED, sizes.vocabularyScenes());
    vocab.writeTo(bundle.component(BundleDir.TOKENIZER));
    ObjectNode textJson = sizes.clipTextJson(vocab.size());
    ObjectNode visionJson = sizes.clipVisionJson();
    try (NDManager manager = NDManager.newBaseManager();
        ClipTokenizer tokenizer = ClipTokenizer.load(bundle.component(BundleDir.TOKENIZER))) {
      ClipRecipe task = new ClipRecipe(world, tokenizer, textJson, visionJson);
      task.initialise(manager);
      TrainingResult r = TrainingLoop.run("clip", task, options, manager);
      bundle.save(BundleDir.TEXT_ENCODER, textJson, task.text());
      ObjectNode imageJson = visionJson.deepCopy();
      imageJson.putArray("architectures").add("CLIPVisionModelWithProjection");
      bundle.save(BundleDir.IMAGE_ENCODER, imageJson, task.imageEncoderParameters());
      return r;
    }
  }

  /** The frozen text encoder and tokenizer the UNet is conditioned through. */
  TextConditioner conditioner(NDManager manager, ClipTokenizer tokenizer) {
    ClipTextModel text =
        new ClipTextModel(ClipTextConfig.fromJson(bundle.config(BundleDir.TEXT_ENCODER)));
    bundle.load(BundleDir.TEXT_ENCODER, text, manager);
    return new TextConditioner(tokenizer, text);
  }

  private TrainingResult unet(TrainOptions options) {
    ObjectNode unetJson = sizes.unetJson();
    NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
    try (NDManager manager = NDManager.newBaseManager();
        ClipTokenizer tokenizer = ClipTokenizer.load(bundle.component(BundleDir.TOKENIZER))) {
      TextConditioner conditioner = conditioner(manager, tokenizer);
      UNet2DConditionModel unet = new UNet2DConditionModel(UNet2DConditionConfig.parse(unetJson));
      unet.initializeParameters(manager, DataType.FLOAT32);
      UNetRecipe task = new UNetRecipe(world, conditioner, unet, schedule);
      TrainingResult r = TrainingLoop.run("unet", task, options, manager);
      bundle.save(BundleDir.UNET, unetJson, unet);
      // an answerer's UNet LoRA was trained on the UNet this one replaces
      deleteUnetLora();
      writeScheduler();
      List<DenoisingGain.Point> gain =
          DenoisingGain.measure(task, world, schedule, manager, options.seed() + HELD_OUT_OFFSET, GAIN_SCENES);
      Files.writeString(
          options.out().resolve("denoising_gain.json"), DenoisingGain.toJson(gain).toPrettyString());
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteUnetLora() throws IOException {
    Path dir = bundle.component(BundleDir.UNET_LORA);
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
      System.err.println("unet: deleted " + BundleDir.UNET_LORA + "/, trained on the previous UNet");
    }
  }

  private void writeScheduler() throws IOException {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("_class_name", "EulerDiscreteScheduler");
    s.put("beta_schedule", "scaled_linear").put("beta_start", 0.00085).put("beta_end", 0.012);
    s.put("num_train_timesteps", 1000).put("prediction_type", "epsilon");
    s.put("timestep_spacing", "leading").put("steps_offset", 1);
    Files.createDirectories(bundle.component(BundleDir.SCHEDULER));
    Files.writeString(
        bundle.component(BundleDir.SCHEDULER).resolve("scheduler_config.json"), s.toPrettyString());
  }

  /**
   * {@code bundle.json} in the serving layout ({@code models/BUNDLE.md}), so the folder loads with {@code
   * ModelBundle.load} once the chain is complete and the demo, the services and {@code difflens eval} all
   * read features and answers the way the recipes trained them.
   */
  private void writeBundleJson() {
    bundleConfig(sizes).write(bundle.root().resolve(BundleConfig.FILE));
  }

  /** The serving config of a bundle the recipes build with {@code sizes}. */
  public static BundleConfig bundleConfig(ZooSizes sizes) {
    return new BundleConfig(
        sizes.micro() ? "tiny-micro" : "tiny",
        BUNDLE_VERSION,
        BundleFamily.SDXL, // one projected text encoder plays both SDXL roles
        sizes.imageSize(),
        LatentSpace.PIXEL,
        new FeatureDefaults(
            sizes.featureLayers(),
            FeatureTokens.DEFAULT_TIMESTEP,
            "COND",
            1.5,
            sizes.featureSide(),
            FEATURE_SEED),
        MatcherDefaults.paper(FEATURE_SEED),
        new AnswererDefaults(Prompts.ANSWER_TEMPLATE, MAX_ANSWER_TOKENS, LlamaTokenizer.EOS, 0, 1));
  }

  private void writeResult(Recipe recipe, TrainOptions options, TrainingResult r) {
    ObjectNode j = JsonNodeFactory.instance.objectNode();
    j.put("recipe", recipe.key()).put("seed", options.seed()).put("batch", options.batch());
    j.put("steps", r.steps()).put("start_step", r.startStep());
    j.put("first_loss", r.firstLoss()).put("last_loss", r.lastLoss());
    j.put("seconds", r.seconds()).put("steps_per_second", r.stepsPerSecond());
    j.put("learning_rate", options.learningRate());
    if (recipe == Recipe.SFT && language.multiTurn() != MultiTurn.OFF) {
      j.put("multi_turn", language.multiTurn().key());
    }
    if ((recipe == Recipe.PT || recipe == Recipe.SFT) && language.objectLoss(recipe == Recipe.SFT) > 0) {
      j.put("object_loss", language.objectLoss(recipe == Recipe.SFT));
      if (language.objectCentres()) {
        j.put("object_centres", true);
      }
    }
    try {
      Files.createDirectories(options.out());
      Files.writeString(options.out().resolve("result.json"), j.toPrettyString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
