package io.difflens.models.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.models.bundle.AnswererDefaults;
import io.difflens.models.bundle.BundleComponent;
import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.BundleFamily;
import io.difflens.models.bundle.BundleWriter;
import io.difflens.models.bundle.ComputeTarget;
import io.difflens.models.bundle.FeatureDefaults;
import io.difflens.models.bundle.LatentSpace;
import io.difflens.models.bundle.MatcherDefaults;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.io.DType;
import io.difflens.models.nn.Module;
import io.difflens.models.text.ClipTokenizerConfig;
import io.difflens.models.text.WordLevelVocabulary;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Randomly initialised micro bundles for tests of every module until {@code zoo/tiny} exists: the
 * real layout and loaders, networks a few thousand parameters large (a full feature extraction or a
 * short answer takes milliseconds), real {@code tokenizer.json} files over {@link #WORDS}.
 *
 * <p>Defaults: SDXL family (two CLIP text encoders, text_time conditioning), 16-pixel images, a VAE
 * to 4×8×8 latents, a two-level UNet, features {@code down_blocks.1} + {@code up_blocks.0} (16 + 16
 * channels) at timestep 100, mode COND, a 2×2 token grid, a 2-layer LLaMA of width 32 and an
 * {@code mlp2x_gelu} projector.
 */
public final class MicroBundles {

  /** Words both tokenizers know; anything else becomes {@code <unk>}. */
  public static final List<String> WORDS =
      List.of(
          "a", "an", "the", "is", "are", "there", "what", "which", "how", "many", "where", "color",
          "colour", "shape", "of", "in", "on", "left", "right", "top", "bottom", "above", "below",
          "next", "to", "image", "photo", "picture", "describe", "this", "yes", "no", "red",
          "green", "blue", "yellow", "black", "white", "orange", "purple", "gray", "circle",
          "square", "triangle", "star", "small", "large", "big", "one", "two", "three", "four",
          "five", "and", "or", "with", "user", "assistant", ":", "object", "objects", "count",
          "it", "do", "you", "see");

  /** Channels of the micro UNet's block outputs, by activation name. */
  public static final Map<String, Integer> CHANNELS =
      Map.of("conv_in", 8, "down_blocks.0", 8, "down_blocks.1", 16, "mid_block", 16,
          "up_blocks.0", 16, "up_blocks.1", 8);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to build.
   *
   * @param family SDXL (two text encoders) or SD (one)
   * @param latentSpace VAE latents or pixels
   * @param features the feature defaults; the projector's input width follows from them
   * @param seed weight initialisation seed
   */
  public record Spec(
      BundleFamily family, LatentSpace latentSpace, FeatureDefaults features, long seed) {

    public Spec withFamily(BundleFamily f) {
      return new Spec(f, latentSpace, features, seed);
    }

    public Spec withLatentSpace(LatentSpace l) {
      return new Spec(family, l, features, seed);
    }

    public Spec withFeatures(FeatureDefaults f) {
      return new Spec(family, latentSpace, f, seed);
    }

    public Spec withSeed(long s) {
      return new Spec(family, latentSpace, features, s);
    }

    /** Channels the features have, hence the projector's input width. */
    public int featureChannels() {
      int c = 0;
      for (String layer : features.layers()) {
        Integer ch = CHANNELS.get(layer);
        if (ch == null) {
          throw new IllegalArgumentException(
              "micro bundles know the widths of " + CHANNELS.keySet() + ", not " + layer);
        }
        c += ch;
      }
      return (int) features.featureMode().outputChannels(c);
    }
  }

  private MicroBundles() {}

  /** The default spec. */
  public static Spec defaults() {
    return new Spec(
        BundleFamily.SDXL,
        LatentSpace.VAE,
        new FeatureDefaults(List.of("down_blocks.1", "up_blocks.0"), 100, "COND", 4.5, 2, 7),
        1);
  }

  /** Writes the default micro bundle into {@code dir} and returns {@code dir}. */
  public static Path create(Path dir) {
    return create(dir, defaults());
  }

  /** Writes a micro bundle into {@code dir} and returns {@code dir}. */
  public static Path create(Path dir, Spec spec) {
    int imageSize = 16;
    BundleConfig config =
        new BundleConfig(
            "micro",
            "0",
            spec.family(),
            imageSize,
            spec.latentSpace(),
            spec.features(),
            MatcherDefaults.paper(3),
            new AnswererDefaults(AnswererDefaults.VICUNA_V1, 8, "</s>", 0, 1));

    WordLevelVocabulary clipVocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, WORDS);
    WordLevelVocabulary llamaVocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.LLAMA, WORDS);
    boolean sdxl = spec.family() == BundleFamily.SDXL;
    boolean vae = spec.latentSpace() == LatentSpace.VAE;
    int contextWidth = sdxl ? 32 : 16;

    Map<BundleComponent, JsonNode> configs = new EnumMap<>(BundleComponent.class);
    configs.put(BundleComponent.UNET, unet(sdxl, vae, contextWidth, vae ? 8 : imageSize));
    if (vae) {
      configs.put(BundleComponent.VAE, vae());
    }
    configs.put(BundleComponent.TEXT_ENCODER, clipText(clipVocab.size(), false, "quick_gelu"));
    if (sdxl) {
      configs.put(BundleComponent.TEXT_ENCODER_2, clipText(clipVocab.size(), true, "gelu"));
    }
    configs.put(BundleComponent.LLM, llama(llamaVocab.size()));
    configs.put(
        BundleComponent.PROJECTOR,
        obj("{\"architectures\":[\"LlavaLlamaForCausalLM\"],\"mm_projector_type\":\"mlp2x_gelu\","
            + "\"mm_hidden_size\":" + spec.featureChannels() + ",\"hidden_size\":32}"));

    BundleWriter writer =
        BundleWriter.create()
            .config(config)
            .scheduler(
                obj("{\"_class_name\":\"EulerDiscreteScheduler\",\"beta_end\":0.012,"
                    + "\"beta_schedule\":\"scaled_linear\",\"beta_start\":0.00085,"
                    + "\"num_train_timesteps\":1000,\"prediction_type\":\"epsilon\","
                    + "\"steps_offset\":1,\"timestep_spacing\":\"leading\"}"))
            .modelCard(
                "# micro\n\nRandomly initialised test bundle (seed " + spec.seed()
                    + "); its outputs mean nothing.\n");
    try (NDManager manager = NDManager.newBaseManager(ComputeTarget.cpu().device())) {
      // DJL's initialisers draw from the engine's generator: seed it for reproducible weights.
      Engine.getInstance().setRandomSeed((int) spec.seed());
      List<Block> built = new ArrayList<>();
      configs.forEach(
          (c, json) -> {
            Block block = buildInitialised(c, json, manager);
            built.add(block);
            writer.network(c, json, block);
          });
      clipVocab.writeTo(dir.resolve(ModelBundle.TOKENIZER));
      if (sdxl) {
        clipVocab.writeTo(dir.resolve(ModelBundle.TOKENIZER_2), "!");
      }
      llamaVocab.writeTo(dir.resolve(ModelBundle.LLM_TOKENIZER));
      writer.writeTo(dir, DType.F32);
    }
    return dir;
  }

  /**
   * Adds a randomly initialised answerer variant ({@code variants/<name>/llm, projector}) whose projector
   * takes {@code channels} channels, to a micro bundle written by {@link #create}.
   */
  public static void addAnswererVariant(Path dir, String name, int channels, long seed) {
    WordLevelVocabulary llamaVocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.LLAMA, WORDS);
    Map<BundleComponent, JsonNode> configs = new EnumMap<>(BundleComponent.class);
    configs.put(BundleComponent.LLM, llama(llamaVocab.size()));
    configs.put(
        BundleComponent.PROJECTOR,
        obj("{\"mm_projector_type\":\"mlp2x_gelu\",\"mm_hidden_size\":" + channels + ",\"hidden_size\":32}"));
    Path root = dir.resolve(ModelBundle.VARIANTS).resolve(name);
    try (NDManager manager = NDManager.newBaseManager(ComputeTarget.cpu().device())) {
      Engine.getInstance().setRandomSeed((int) seed);
      for (Map.Entry<BundleComponent, JsonNode> e : configs.entrySet()) {
        Path folder = root.resolve(e.getKey().folder());
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve(ModelBundle.CONFIG_JSON).toFile(), e.getValue());
        Checkpoints.save(buildInitialised(e.getKey(), e.getValue(), manager),
            folder.resolve(e.getKey().weightsFile()), DType.F32, Map.of("format", "pt"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the default micro bundle and loads it on the CPU in fp32. */
  public static ModelBundle load(Path dir) {
    return ModelBundle.load(create(dir), ComputeTarget.cpu());
  }

  /** Writes a micro bundle and loads it on the CPU in fp32. */
  public static ModelBundle load(Path dir, Spec spec) {
    return ModelBundle.load(create(dir, spec), ComputeTarget.cpu());
  }

  private static Block buildInitialised(BundleComponent c, JsonNode json, NDManager manager) {
    Block block = io.difflens.models.Architecture.detect(json).build(json);
    ((Module) block).initializeParameters(manager, DataType.FLOAT32);
    return block;
  }

  private static JsonNode unet(boolean sdxl, boolean vae, int contextWidth, int sampleSize) {
    ObjectNode n = obj(
        "{\"_class_name\":\"UNet2DConditionModel\",\"act_fn\":\"silu\",\"attention_head_dim\":[2,4],"
            + "\"block_out_channels\":[8,16],\"down_block_types\":[\"DownBlock2D\",\"CrossAttnDownBlock2D\"],"
            + "\"up_block_types\":[\"CrossAttnUpBlock2D\",\"UpBlock2D\"],\"downsample_padding\":1,"
            + "\"flip_sin_to_cos\":true,\"freq_shift\":0,\"layers_per_block\":1,"
            + "\"mid_block_type\":\"UNetMidBlock2DCrossAttn\",\"norm_eps\":1e-05,\"norm_num_groups\":4,"
            + "\"transformer_layers_per_block\":[1,1],\"use_linear_projection\":true,"
            + "\"upcast_attention\":false}");
    n.put("cross_attention_dim", contextWidth);
    n.put("sample_size", sampleSize);
    n.put("in_channels", vae ? 4 : 3);
    n.put("out_channels", vae ? 4 : 3);
    if (sdxl) {
      n.put("addition_embed_type", "text_time");
      n.put("addition_time_embed_dim", 8);
      n.put("projection_class_embeddings_input_dim", 16 + 6 * 8);
    }
    return n;
  }

  private static JsonNode vae() {
    return obj(
        "{\"_class_name\":\"AutoencoderKL\",\"act_fn\":\"silu\",\"block_out_channels\":[8,8],"
            + "\"down_block_types\":[\"DownEncoderBlock2D\",\"DownEncoderBlock2D\"],"
            + "\"up_block_types\":[\"UpDecoderBlock2D\",\"UpDecoderBlock2D\"],\"in_channels\":3,"
            + "\"out_channels\":3,\"latent_channels\":4,\"layers_per_block\":1,\"norm_num_groups\":4,"
            + "\"sample_size\":16,\"scaling_factor\":0.13025}");
  }

  private static JsonNode clipText(int vocab, boolean projection, String act) {
    ObjectNode n = obj(
        "{\"hidden_size\":16,\"intermediate_size\":32,\"num_hidden_layers\":2,"
            + "\"num_attention_heads\":2,\"max_position_embeddings\":"
            + ClipTokenizerConfig.CLIP_MAX_LENGTH
            + ",\"layer_norm_eps\":1e-05,\"eos_token_id\":2,\"projection_dim\":16,"
            + "\"model_type\":\"clip_text_model\"}");
    n.putArray("architectures").add(projection ? "CLIPTextModelWithProjection" : "CLIPTextModel");
    n.put("vocab_size", vocab);
    n.put("hidden_act", act);
    return n;
  }

  private static JsonNode llama(int vocab) {
    ObjectNode n = obj(
        "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_act\":\"silu\","
            + "\"hidden_size\":32,\"intermediate_size\":64,\"num_hidden_layers\":2,"
            + "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"max_position_embeddings\":256,"
            + "\"rms_norm_eps\":1e-06,\"rope_theta\":10000.0,\"tie_word_embeddings\":false,"
            + "\"bos_token_id\":1,\"eos_token_id\":2}");
    n.put("vocab_size", vocab);
    return n;
  }

  private static ObjectNode obj(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
