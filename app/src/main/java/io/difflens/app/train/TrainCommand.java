package io.difflens.app.train;

import io.difflens.models.lora.LoraConfig;
import io.difflens.trainer.AnswererVariant;
import io.difflens.trainer.BundleDir;
import io.difflens.trainer.MultiTurn;
import io.difflens.trainer.Recipe;
import io.difflens.trainer.RecipeRunner;
import io.difflens.trainer.SftBankLayout;
import io.difflens.trainer.TrainOptions;
import io.difflens.trainer.TrainingResult;
import io.difflens.trainer.ZooSizes;
import io.difflens.trainer.recipes.LanguageRecipes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code difflens train <recipe> --out DIR}: runs one training recipe (or the whole chain). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the tiny model family on the synthetic world: clip, unet, llm, pt, sft, all.")
public final class TrainCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "clip | unet | llm | pt | sft | all")
  String recipe;

  @Option(names = "--out", required = true, description = "bundle directory to build")
  Path out;

  @Option(names = "--steps", description = "optimizer steps (default: the recipe's; with all, every recipe's)")
  Integer steps;

  @Option(names = "--batch", description = "batch size (default: the recipe's)")
  Integer batch;

  @Option(names = "--lr", description = "peak learning rate (default: the recipe's)")
  Float learningRate;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--resume", description = "continue from the recipe's last checkpoint")
  boolean resume;

  @Option(
      names = "--variant",
      description =
          "pt and sft only: train a comparison answerer on other visual inputs into variants/<name>/:"
              + " pixels (raw-pixel patches, no UNet) or concat (CONCAT features)")
  String variant;

  @Option(
      names = "--unet-lora",
      paramLabel = "RANK",
      description =
          "sft only: also train a LoRA of this rank on the UNet's cross-attention (the paper's optional stage-2"
              + " LoRA), saved to unet_lora/ and merged into the UNet wherever the bundle is loaded. Each step then"
              + " runs the UNet forward and backward on fresh scenes instead of reading cached features: about 4 times"
              + " the cost of a cached SFT step on the tiny bundle")
  Integer unetLoraRank;

  @Option(
      names = "--unet-lora-alpha",
      paramLabel = "ALPHA",
      description = "with --unet-lora: the LoRA's alpha; the update is scaled by alpha / rank (default: the rank)")
  Float unetLoraAlpha;

  @Option(
      names = "--sft-bank",
      paramLabel = "LAYOUT",
      description =
          "sft only: how the feature pool spends its UNet passes, the same number in each layout: three-pass"
              + " (default: every scene unprompted, with a noisy caption and with a question), two-pass (1.5 times"
              + " the scenes: unprompted and one prompt drawn per scene; also --variant concat) or one-pass (3 times"
              + " the scenes: one pass drawn per scene; the bundle's own answerer only)")
  String sftBank;

  @Option(
      names = "--object-loss",
      paramLabel = "WEIGHT",
      description =
          "pt and sft only: add an auxiliary loss at this weight to the answer's: a linear read-out of every"
              + " visual token the LLM reads, trained to name the colour, shape, size and direction of the objects"
              + " under it (a training aid, not saved with the bundle; default: 3 for sft, 0 (none) for pt)")
  Double objectLoss;

  @Option(
      names = "--object-centres",
      description =
          "pt and sft, with the object loss on: the read-out also names each object, its colour, shape, size and"
              + " direction bound together, in the one visual token that holds its centre (default: off)")
  boolean objectCentres;

  @Option(
      names = "--multi-turn",
      paramLabel = "MODE",
      description =
          "sft (and all, for every answerer's SFT): a row whose visual tokens do not depend on its question"
              + " (caption dropout, a noisy caption, the pixel baseline) also asks further questions about its"
              + " scene, in the padding up to the batch's longest row, each answer weighing as a row of its own:"
              + " isolated (default: turns that read the image but not each other, each where a question alone"
              + " starts), chained (a LLaVA conversation's later turns, which read the earlier answers) or off;"
              + " with --unet-lora, off (its UNet is prompted by each row's one question)")
  String multiTurn;

  @Option(
      names = "--size",
      defaultValue = "TINY",
      description = "model sizes: TINY (the zoo bundle) or MICRO (seconds, for tests)")
  String size;

  @Option(
      names = "--feature-grid",
      description =
          "the side of the token grid the UNet's feature maps are pooled to, for pt, sft and the bundle's"
              + " serving config (default: the size's, 16 for TINY); sft must be given what pt had")
  Integer featureGrid;

  @Option(
      names = "--token-merge",
      description =
          "the projectors merge each M x M block of visual tokens into one (default: the size's, 4 for TINY,"
              + " whose LLM reads 16 visual tokens; with --feature-grid 8, 2 keeps them 16)")
  Integer tokenMerge;

  @Option(
      names = "--feature-cache",
      description =
          "pt and sft: a folder where the UNet tokens of the feature banks are kept, so that a recipe that"
              + " builds the same bank (same UNet, text encoder, seed and size) reads them instead of running"
              + " the UNet again (default: none; all uses training/feature-cache in the bundle and deletes it"
              + " once every recipe has finished)")
  Path featureCache;

  @Option(
      names = "--jobs",
      description =
          "all only: recipes run at once, each in its own JVM on one core (default: 2, or 1 on a one-core"
              + " machine)")
  Integer jobs;

  @Option(
      names = "--retries",
      description =
          "all only: times a recipe whose JVM crashed (killed by a fault signal such as SIGSEGV) is restarted"
              + " from its last checkpoint, which gives the weights an uninterrupted run would (default: 1)")
  Integer retries;

  @Override
  public Integer call() throws InterruptedException {
    Recipe r = Recipe.fromKey(recipe);
    ZooSizes sizes =
        switch (size.toUpperCase(Locale.ROOT)) {
          case "TINY" -> ZooSizes.TINY;
          case "MICRO" -> ZooSizes.MICRO;
          default -> throw new IllegalArgumentException("unknown --size " + size + " (TINY, MICRO)");
        };
    if (featureGrid != null || tokenMerge != null) {
      sizes = sizes.withFeatureGrid(
          featureGrid == null ? sizes.featureSide() : featureGrid, tokenMerge == null ? sizes.tokenMerge() : tokenMerge);
    }
    if (unetLoraRank == null && unetLoraAlpha != null) {
      throw new IllegalArgumentException("--unet-lora-alpha needs --unet-lora RANK");
    }
    if (unetLoraRank != null && r != Recipe.SFT) {
      throw new IllegalArgumentException(
          "--unet-lora applies to sft only: the LoRA is trained with the answerer in stage 2, not by " + r.key());
    }
    SftBankLayout layout = sftBank == null ? SftBankLayout.THREE_PASS : SftBankLayout.fromKey(sftBank);
    if (sftBank != null && r != Recipe.SFT) {
      throw new IllegalArgumentException("--sft-bank applies to sft only, not " + r.key());
    }
    if (objectLoss != null && r != Recipe.PT && r != Recipe.SFT) {
      throw new IllegalArgumentException("--object-loss applies to pt and sft only, not " + r.key());
    }
    if (objectLoss != null && !(objectLoss >= 0 && objectLoss < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--object-loss must be a weight >= 0, got " + objectLoss);
    }
    if (objectCentres && r != Recipe.PT && r != Recipe.SFT) {
      throw new IllegalArgumentException("--object-centres applies to pt and sft only, not " + r.key());
    }
    // isolated turns by default: on the development seed they lifted every answerer (model card), for about
    // the cost of an SFT step without them; the LoRA's UNet reads each row's one question, so it has none
    MultiTurn turns =
        multiTurn != null ? MultiTurn.fromKey(multiTurn) : unetLoraRank != null ? MultiTurn.OFF : MultiTurn.ISOLATED;
    if (multiTurn != null && r != Recipe.SFT && r != Recipe.ALL) {
      throw new IllegalArgumentException(
          "--multi-turn applies to sft (and all, which gives it to every sft) only, not " + r.key());
    }
    if (turns != MultiTurn.OFF && unetLoraRank != null) {
      throw new IllegalArgumentException(
          "--multi-turn does not apply with --unet-lora: its UNet is prompted by each row's one question");
    }
    LanguageRecipes.Settings language =
        objectLoss == null ? LanguageRecipes.Settings.DEFAULT : LanguageRecipes.Settings.DEFAULT.withObjectLoss(objectLoss);
    if (objectCentres && language.objectLoss(r == Recipe.SFT) == 0) {
      throw new IllegalArgumentException("--object-centres shapes the object loss, which is off for " + r.key()
          + (objectLoss == null ? " by default: give it a weight with --object-loss W" : ": --object-loss is 0"));
    }
    if (r == Recipe.ALL) {
      if (variant != null) {
        throw new IllegalArgumentException("all trains every variant; name pt or sft with --variant to train one");
      }
      Path cache = featureCache != null ? featureCache : out.resolve("training").resolve(TrainAll.FEATURE_CACHE);
      int parallel = jobs == null ? Math.min(2, Runtime.getRuntime().availableProcessors()) : jobs;
      // a cache folder train all chose is its own to delete; one the user named is kept
      Path owned = featureCache == null ? cache : null;
      List<String> sftOnly = multiTurn == null ? List.of() : List.of("--multi-turn", turns.key());
      int restarts = retries == null ? 1 : retries;
      TrainAll all = new TrainAll(
          out, allArguments(cache), sftOnly, parallel, resume, steps, System.out, owned, sizes, restarts, null);
      return all.run();
    }
    if (jobs != null || retries != null) {
      throw new IllegalArgumentException(
          (jobs != null ? "--jobs" : "--retries") + " applies to all only: one recipe runs in this process");
    }
    RecipeRunner runner = new RecipeRunner(new BundleDir(out), sizes, featureCache);
    if (unetLoraRank != null) {
      if (unetLoraRank < 1) {
        throw new IllegalArgumentException("--unet-lora must be a rank >= 1, got " + unetLoraRank);
      }
      runner = runner.withUnetLora(LoraConfig.of(unetLoraRank, unetLoraAlpha == null ? unetLoraRank : unetLoraAlpha));
    }
    runner = runner.withSftBank(layout);
    if (objectLoss != null) {
      runner = runner.withObjectLoss(objectLoss);
    }
    runner = runner.withObjectCentres(objectCentres);
    runner = runner.withMultiTurn(turns);
    AnswererVariant v = variant == null ? null : AnswererVariant.fromKey(variant);
    TrainOptions options = runner.defaults(r, seed, resume, v);
    if (steps != null) {
      options = options.withSteps(steps);
    }
    if (batch != null) {
      options = options.withBatch(batch);
    }
    if (learningRate != null) {
      options = options.withLearningRate(learningRate);
    }
    List<TrainingResult> results = runner.run(r, options, v);
    for (TrainingResult res : results) {
      System.out.printf(
          Locale.ROOT,
          "steps %d-%d loss %.4f -> %.4f in %.0f s (%.2f steps/s)%n",
          res.startStep(),
          res.steps(),
          res.firstLoss(),
          res.lastLoss(),
          res.seconds(),
          res.stepsPerSecond());
    }
    return 0;
  }

  /** What every recipe of {@code all} gets: the bundle, seed and size, and any overrides (for a quick smoke run). */
  private List<String> allArguments(Path cache) {
    List<String> a = new ArrayList<>(List.of("--out", out.toString(), "--seed", Long.toString(seed), "--size", size));
    a.addAll(List.of("--feature-cache", cache.toString()));
    if (featureGrid != null) {
      a.addAll(List.of("--feature-grid", featureGrid.toString()));
    }
    if (tokenMerge != null) {
      a.addAll(List.of("--token-merge", tokenMerge.toString()));
    }
    if (steps != null) {
      a.addAll(List.of("--steps", steps.toString()));
    }
    if (batch != null) {
      a.addAll(List.of("--batch", batch.toString()));
    }
    if (learningRate != null) {
      a.addAll(List.of("--lr", learningRate.toString()));
    }
    if (resume) {
      a.add("--resume");
    }
    return a;
  }
}
