package io.difflens.models.bundle;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.bundle.internal.ConvertingSource;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.diffusion.NoiseSchedule;
import io.difflens.models.diffusion.SchedulerConfig;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraAdapters;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.nn.CheckpointMismatchException;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.LlamaTokenizer;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.models.vae.AutoencoderKL;
import io.difflens.models.vae.AutoencoderKLConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded model bundle (layout in {@code models/BUNDLE.md}): the UNet, its VAE and text encoders,
 * the tokenizers, the noise schedule, the LLM with its tokenizer, the projector, and the LoRA
 * adapters hooked on the UNet. Every network was loaded through {@link Checkpoints}: all key sets
 * and shapes are checked, from the checkpoint headers, before any weight is read.
 *
 * <p>The networks keep no per-call state, so one bundle serves many threads; callers scope their
 * native memory with {@link #newCallManager()}. Closing the bundle frees every weight.
 */
public final class ModelBundle implements AutoCloseable {
  /** Subfolders that are not networks. */
  public static final String TOKENIZER = "tokenizer";

  public static final String TOKENIZER_2 = "tokenizer_2";
  public static final String LLM_TOKENIZER = "llm_tokenizer";
  public static final String SCHEDULER = "scheduler";
  public static final String SCHEDULER_CONFIG = "scheduler_config.json";
  public static final String MODEL_CARD = "MODEL_CARD.md";
  public static final String CONFIG_JSON = "config.json";
  /** Answerers trained beside the bundle's own on other visual inputs: {@code variants/<name>/llm, projector}. */
  public static final String VARIANTS = "variants";
  /**
   * The answerer variant that reads CONCAT features (unconditional then conditional channels): the services
   * route CONCAT requests to it, since the bundle's own projector takes one branch's channels.
   */
  public static final String CONCAT_ANSWERER = "concat";
  /**
   * The LoRA adapter on the UNet's cross-attention that the answerer was fine-tuned with (the paper's
   * optional SFT LoRA), in peft's file name: {@code unet_lora/adapter_model.safetensors}. When present it is
   * part of the bundle's UNet: {@link #load} merges it into the UNet weights, so every pipeline reads the
   * features the answerer was trained on.
   */
  public static final String UNET_LORA = "unet_lora";

  /** The file of {@link #UNET_LORA}. */
  public static final String UNET_LORA_FILE = "adapter_model.safetensors";

  private final Path directory;
  private final BundleConfig config;
  private final ComputeTarget target;
  private final NDManager manager;
  private final Map<BundleComponent, JsonNode> componentConfigs;
  private final Map<BundleComponent, Block> networks;
  private final ClipTokenizer tokenizer;
  private final ClipTokenizer tokenizer2;
  private final LlamaTokenizer llmTokenizer;
  private final SchedulerConfig schedulerConfig;
  private final NoiseSchedule schedule;
  private final LoraAdapters adapters;
  private final Map<String, AnswererNetworks> variants = new java.util.HashMap<>();

  private ModelBundle(
      Path directory,
      BundleConfig config,
      ComputeTarget target,
      NDManager manager,
      Map<BundleComponent, JsonNode> componentConfigs,
      Map<BundleComponent, Block> networks,
      ClipTokenizer tokenizer,
      ClipTokenizer tokenizer2,
      LlamaTokenizer llmTokenizer,
      SchedulerConfig schedulerConfig) {
    this.directory = directory;
    this.config = config;
    this.target = target;
    this.manager = manager;
    this.componentConfigs = Collections.unmodifiableMap(componentConfigs);
    this.networks = Collections.unmodifiableMap(networks);
    this.tokenizer = tokenizer;
    this.tokenizer2 = tokenizer2;
    this.llmTokenizer = llmTokenizer;
    this.schedulerConfig = schedulerConfig;
    this.schedule = schedulerConfig.schedule();
    this.adapters = LoraAdapters.install(unet());
  }

  /** Loads a bundle on the GPU in fp16 when DJL finds one, else on the CPU in fp32. */
  public static ModelBundle load(Path directory) {
    return load(directory, ComputeTarget.auto());
  }

  /**
   * Loads a bundle.
   *
   * @throws BundleLoadException naming every missing, unexpected and mis-shaped tensor of every
   *     component, before any weight is read
   * @throws IllegalArgumentException if a folder is missing or the components do not fit together
   */
  public static ModelBundle load(Path directory, ComputeTarget target) {
    OneDnnIsa.warnIfUncapped();
    BundleConfig config = BundleConfig.read(directory.resolve(BundleConfig.FILE));
    Map<BundleComponent, JsonNode> configs = new EnumMap<>(BundleComponent.class);
    Map<BundleComponent, Block> networks = new EnumMap<>(BundleComponent.class);
    for (BundleComponent c : expectedComponents(config, directory)) {
      JsonNode json = JsonFields.read(directory.resolve(c.folder()).resolve(CONFIG_JSON));
      configs.put(c, json);
      networks.put(c, build(c, json));
    }
    checkCompatible(config, networks);
    checkCheckpoints(directory, networks);

    NDManager manager = NDManager.newBaseManager(target.device());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      for (Map.Entry<BundleComponent, Block> e : networks.entrySet()) {
        try (TensorSource source =
            new ConvertingSource(
                Safetensors.open(directory.resolve(e.getKey().folder())), target.dataType())) {
          Checkpoints.load(e.getValue(), source, manager, e.getKey().checkpointOptions());
        }
      }
      ClipTokenizer tok = ClipTokenizer.load(requireDir(directory, TOKENIZER));
      opened.add(tok);
      ClipTokenizer tok2 = null;
      if (networks.containsKey(BundleComponent.TEXT_ENCODER_2)) {
        tok2 = ClipTokenizer.load(requireDir(directory, TOKENIZER_2));
        opened.add(tok2);
      }
      LlamaTokenizer llmTok =
          LlamaTokenizer.load(requireDir(directory, LLM_TOKENIZER).resolve("tokenizer.json"));
      opened.add(llmTok);
      SchedulerConfig scheduler =
          SchedulerConfig.read(requireDir(directory, SCHEDULER).resolve(SCHEDULER_CONFIG));
      ModelBundle bundle =
          new ModelBundle(directory, config, target, manager, configs, networks, tok, tok2, llmTok, scheduler);
      Path lora = directory.resolve(UNET_LORA).resolve(UNET_LORA_FILE);
      if (Files.isRegularFile(lora)) {
        // the answerer was trained on the UNet with this adapter: it is part of the UNet, not a choice per call
        bundle.adapters.add(UNET_LORA, LoraAdapter.load(lora, bundle.unet(), manager, ""));
        bundle.adapters.merge(UNET_LORA);
      }
      return bundle;
    } catch (IOException e) {
      closeAll(opened, manager);
      throw new UncheckedIOException("cannot load bundle " + directory, e);
    } catch (RuntimeException e) {
      closeAll(opened, manager);
      throw e;
    }
  }

  private static void closeAll(List<AutoCloseable> opened, NDManager manager) {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing; the first error is the one to report
      }
    }
    manager.close();
  }

  /**
   * Summarises a bundle without reading its weights: builds each architecture from its config
   * (nothing allocated), counts parameters, sums file sizes, and checks every checkpoint's keys and
   * shapes from its header.
   *
   * @throws BundleLoadException naming every mismatching tensor
   */
  public static BundleSummary inspect(Path directory) {
    BundleConfig config = BundleConfig.read(directory.resolve(BundleConfig.FILE));
    Map<BundleComponent, Block> networks = new EnumMap<>(BundleComponent.class);
    List<BundleSummary.Component> components = new ArrayList<>();
    for (BundleComponent c : expectedComponents(config, directory)) {
      Path folder = directory.resolve(c.folder());
      JsonNode json = JsonFields.read(folder.resolve(CONFIG_JSON));
      Block block = build(c, json);
      networks.put(c, block);
      long params = 0;
      for (var p : ParameterPaths.of(block).values()) {
        params += p.getShape().size();
      }
      String arch = json.path("_class_name").asText("");
      if (arch.isEmpty()) {
        arch = JsonFields.architecture(json, block.getClass().getSimpleName());
      }
      components.add(new BundleSummary.Component(c, arch, params, safetensorsBytes(folder)));
    }
    checkCompatible(config, networks);
    checkCheckpoints(directory, networks);
    List<String> tokenizers = new ArrayList<>();
    for (String t : List.of(TOKENIZER, TOKENIZER_2, LLM_TOKENIZER)) {
      if (Files.isDirectory(directory.resolve(t))) {
        tokenizers.add(t);
      }
    }
    return new BundleSummary(
        config, components, tokenizers, unetLoraSummary(directory, networks.get(BundleComponent.UNET)));
  }

  /**
   * {@code unet_lora/}'s configuration and size, if the bundle has one, its metadata, keys and shapes checked
   * against the UNet (no weight read), as {@link #load} will merge it.
   */
  private static Optional<BundleSummary.UnetLora> unetLoraSummary(Path directory, Block unet) {
    Path file = directory.resolve(UNET_LORA).resolve(UNET_LORA_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (TensorSource source = Safetensors.open(file)) {
      LoraConfig lora = LoraAdapter.check(source, unet, "");
      return Optional.of(new BundleSummary.UnetLora(Optional.of(lora), source.tensors().size(), Files.size(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException | CheckpointMismatchException e) {
      throw new IllegalArgumentException(file + " does not fit the bundle's UNet: " + e.getMessage(), e);
    }
  }

  private static long safetensorsBytes(Path folder) {
    try (var files = Files.list(folder)) {
      long total = 0;
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).toList()) {
        total += Files.size(f);
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** The components a bundle must (and may) have, given its config and folders. */
  static List<BundleComponent> expectedComponents(BundleConfig config, Path directory) {
    List<BundleComponent> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (BundleComponent c : BundleComponent.values()) {
      boolean present = Files.isDirectory(directory.resolve(c.folder()));
      boolean required =
          switch (c) {
            case VAE -> config.latentSpace() == LatentSpace.VAE;
            // SDXL with one encoder (tiny bundles): text_encoder, with projection, plays both roles
            case TEXT_ENCODER_2 -> false;
            default -> c.required();
          };
      if (c == BundleComponent.VAE && config.latentSpace() == LatentSpace.PIXEL) {
        if (present) {
          problems.add("a PIXEL latent-space bundle must not have a vae/ folder");
        }
        continue;
      }
      if (required && !present) {
        problems.add("missing folder " + c.folder() + "/");
      } else if (present) {
        out.add(c);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bundle " + directory + ": " + String.join("; ", problems));
    }
    return out;
  }

  /** Builds a component's network from its upstream config, weights not allocated. */
  static Block build(BundleComponent c, JsonNode json) {
    return switch (c) {
      case UNET -> new UNet2DConditionModel(UNet2DConditionConfig.parse(json));
      case VAE -> new AutoencoderKL(AutoencoderKLConfig.parse(json));
      case TEXT_ENCODER, TEXT_ENCODER_2 -> new ClipTextModel(ClipTextConfig.fromJson(json));
      case IMAGE_ENCODER -> new ClipVisionModel(ClipVisionConfig.fromJson(json));
      case LLM -> new LlamaForCausalLm(LlamaConfig.fromJson(json));
      case PROJECTOR -> new Projector(ProjectorConfig.fromJson(json));
    };
  }

  /** Header-only check of every component; one exception for all of them. */
  static void checkCheckpoints(Path directory, Map<BundleComponent, Block> networks) {
    Map<BundleComponent, CheckpointMismatchException> problems = new EnumMap<>(BundleComponent.class);
    for (Map.Entry<BundleComponent, Block> e : networks.entrySet()) {
      try (TensorSource source = Safetensors.open(directory.resolve(e.getKey().folder()))) {
        Checkpoints.check(e.getValue(), source, e.getKey().checkpointOptions());
      } catch (CheckpointMismatchException mismatch) {
        problems.put(e.getKey(), mismatch);
      } catch (IOException io) {
        throw new UncheckedIOException("cannot open " + e.getKey().folder() + "/ weights", io);
      }
    }
    if (!problems.isEmpty()) {
      throw new BundleLoadException(directory.toString(), problems);
    }
  }

  /** The networks must agree on the widths they pass each other. */
  static void checkCompatible(BundleConfig config, Map<BundleComponent, Block> networks) {
    List<String> problems = new ArrayList<>();
    UNet2DConditionConfig unet = ((UNet2DConditionModel) networks.get(BundleComponent.UNET)).config();
    ClipTextConfig te = ((ClipTextModel) networks.get(BundleComponent.TEXT_ENCODER)).config();
    int context = te.hiddenSize();
    if (config.family() == BundleFamily.SDXL) {
      ClipTextModel second = (ClipTextModel) networks.get(BundleComponent.TEXT_ENCODER_2);
      // without text_encoder_2, the one encoder gives both the context and the pooled embedding
      ClipTextConfig te2 = second != null ? second.config() : te;
      String pooledBy = second != null ? "text_encoder_2" : "text_encoder";
      if (second != null) {
        context += te2.hiddenSize();
      }
      if (!te2.withProjection()) {
        problems.add(
            pooledBy
                + " must be a CLIPTextModelWithProjection (pooled embedding)"
                + (second == null ? "; a full SDXL bundle needs text_encoder_2/ and tokenizer_2/" : ""));
      }
      if (unet.textTime().isEmpty()) {
        problems.add("an SDXL-family UNet needs addition_embed_type text_time");
      } else {
        UNet2DConditionConfig.TextTimeEmbedding tt = unet.textTime().get();
        int expected = te2.projectionDim() + 6 * tt.timeEmbedDim();
        if (tt.projectionInputDim() != expected) {
          problems.add(
              "unet projection_class_embeddings_input_dim "
                  + tt.projectionInputDim()
                  + " != "
                  + pooledBy
                  + " projection_dim "
                  + te2.projectionDim()
                  + " + 6 x addition_time_embed_dim "
                  + tt.timeEmbedDim());
        }
      }
    } else if (unet.textTime().isPresent()) {
      problems.add("an SD-family UNet takes no text_time conditioning");
    }
    for (UNet2DConditionConfig.Level level : unet.levels()) {
      if (level.crossAttentionDim() != context) {
        problems.add(
            "unet cross_attention_dim " + level.crossAttentionDim() + " != text context width " + context);
        break;
      }
    }
    int latentChannels =
        config.latentSpace() == LatentSpace.VAE
            ? ((AutoencoderKL) networks.get(BundleComponent.VAE)).config().latentChannels()
            : 3;
    if (unet.inChannels() != latentChannels) {
      problems.add(
          "unet in_channels " + unet.inChannels() + " != " + config.latentSpace() + " channels " + latentChannels);
    }
    int llmWidth = ((LlamaForCausalLm) networks.get(BundleComponent.LLM)).config().hiddenSize();
    int projected = ((Projector) networks.get(BundleComponent.PROJECTOR)).config().textHiddenSize();
    if (llmWidth != projected) {
      problems.add("projector hidden_size " + projected + " != llm hidden_size " + llmWidth);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bundle components do not fit together: " + String.join("; ", problems));
    }
  }

  private static Path requireDir(Path directory, String name) {
    Path p = directory.resolve(name);
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException("bundle " + directory + ": missing folder " + name + "/");
    }
    return p;
  }

  /** A child manager of the bundle's, on its device: scope one call's arrays with it. */
  public NDManager newCallManager() {
    return manager.newSubManager();
  }

  /** Loads a LoRA adapter file (peft/diffusers key names) for the UNet under {@code name}. */
  public void addAdapter(String name, Path file) {
    adapters.add(name, LoraAdapter.load(file, unet(), manager, ""));
  }

  public Path directory() {
    return directory;
  }

  public BundleConfig config() {
    return config;
  }

  public ComputeTarget target() {
    return target;
  }

  public UNet2DConditionModel unet() {
    return (UNet2DConditionModel) networks.get(BundleComponent.UNET);
  }

  public Optional<AutoencoderKL> vae() {
    return Optional.ofNullable((AutoencoderKL) networks.get(BundleComponent.VAE));
  }

  public ClipTextModel textEncoder() {
    return (ClipTextModel) networks.get(BundleComponent.TEXT_ENCODER);
  }

  public Optional<ClipTextModel> textEncoder2() {
    return Optional.ofNullable((ClipTextModel) networks.get(BundleComponent.TEXT_ENCODER_2));
  }

  public Optional<ClipVisionModel> imageEncoder() {
    return Optional.ofNullable((ClipVisionModel) networks.get(BundleComponent.IMAGE_ENCODER));
  }

  public LlamaForCausalLm llm() {
    return (LlamaForCausalLm) networks.get(BundleComponent.LLM);
  }

  public Projector projector() {
    return (Projector) networks.get(BundleComponent.PROJECTOR);
  }

  public ClipTokenizer tokenizer() {
    return tokenizer;
  }

  public Optional<ClipTokenizer> tokenizer2() {
    return Optional.ofNullable(tokenizer2);
  }

  public LlamaTokenizer llmTokenizer() {
    return llmTokenizer;
  }

  public SchedulerConfig schedulerConfig() {
    return schedulerConfig;
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  /** The LoRA adapters hooked on the UNet; none active unless a call activates one. */
  public LoraAdapters adapters() {
    return adapters;
  }

  /** Every loaded network, by component. */
  public Map<BundleComponent, Block> networks() {
    return networks;
  }

  /** The upstream {@code config.json} of a loaded component. */
  public JsonNode componentConfig(BundleComponent c) {
    JsonNode json = componentConfigs.get(c);
    if (json == null) {
      throw new IllegalArgumentException("bundle " + config.id() + " has no " + c.folder() + "/");
    }
    return json;
  }

  /**
   * An answerer variant's networks: an LLM and projector trained beside the bundle's own, on other
   * visual inputs (the tiny bundle's {@code concat} reads CONCAT features, {@code pixels} raw-pixel
   * patches). They share the bundle's LLM tokenizer, template and defaults.
   */
  public record AnswererNetworks(String name, LlamaForCausalLm llm, Projector projector) {}

  /** Names of the answerer variants in {@code variants/} (folders with both {@code llm/} and {@code projector/}). */
  public List<String> answererVariants() {
    Path root = directory.resolve(VARIANTS);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve(BundleComponent.LLM.folder()))
              && Files.isDirectory(d.resolve(BundleComponent.PROJECTOR.folder())))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /**
   * Channels the projector of answerer variant {@code name} takes, read from its config without loading
   * any weights; empty if the bundle has no such variant.
   */
  public java.util.OptionalInt answererVariantChannels(String name) {
    if (!answererVariants().contains(name)) {
      return java.util.OptionalInt.empty();
    }
    Path config = directory.resolve(VARIANTS).resolve(name).resolve(BundleComponent.PROJECTOR.folder())
        .resolve(CONFIG_JSON);
    return java.util.OptionalInt.of(ProjectorConfig.fromJson(JsonFields.read(config)).visionHiddenSize());
  }

  /**
   * Loads (once; later calls return the same networks) the answerer variant {@code name} on the bundle's
   * device in its data type, checked like the bundle's own components; empty if the bundle has none of
   * that name. The networks live until the bundle closes.
   */
  public synchronized Optional<AnswererNetworks> answererVariant(String name) {
    AnswererNetworks loaded = variants.get(name);
    if (loaded != null) {
      return Optional.of(loaded);
    }
    if (!answererVariants().contains(name)) {
      return Optional.empty();
    }
    Path dir = directory.resolve(VARIANTS).resolve(name);
    Map<BundleComponent, Block> nets = new EnumMap<>(BundleComponent.class);
    for (BundleComponent c : List.of(BundleComponent.LLM, BundleComponent.PROJECTOR)) {
      nets.put(c, build(c, JsonFields.read(dir.resolve(c.folder()).resolve(CONFIG_JSON))));
    }
    LlamaForCausalLm lm = (LlamaForCausalLm) nets.get(BundleComponent.LLM);
    Projector projector = (Projector) nets.get(BundleComponent.PROJECTOR);
    if (lm.config().hiddenSize() != projector.config().textHiddenSize()) {
      throw new IllegalArgumentException("answerer variant " + name + ": projector hidden_size "
          + projector.config().textHiddenSize() + " != llm hidden_size " + lm.config().hiddenSize());
    }
    if (lm.config().vocabSize() != llm().config().vocabSize()) {
      throw new IllegalArgumentException("answerer variant " + name + ": llm vocab_size " + lm.config().vocabSize()
          + " != the bundle's " + llm().config().vocabSize() + " (variants share the bundle's LLM tokenizer)");
    }
    checkCheckpoints(dir, nets);
    for (Map.Entry<BundleComponent, Block> e : nets.entrySet()) {
      try (TensorSource source =
          new ConvertingSource(Safetensors.open(dir.resolve(e.getKey().folder())), target.dataType())) {
        Checkpoints.load(e.getValue(), source, manager, e.getKey().checkpointOptions());
      } catch (IOException io) {
        throw new UncheckedIOException("cannot read answerer variant " + name, io);
      }
    }
    loaded = new AnswererNetworks(name, lm, projector);
    variants.put(name, loaded);
    return Optional.of(loaded);
  }

  @Override
  public void close() {
    tokenizer.close();
    if (tokenizer2 != null) {
      tokenizer2.close();
    }
    llmTokenizer.close();
    manager.close();
  }
}
