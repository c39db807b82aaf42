package io.difflens.models.bundle;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.difflens.models.io.DType;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes a bundle directory in the layout {@link ModelBundle#load} reads: {@code bundle.json},
 * one folder per network ({@code config.json} + safetensors named as upstream), the tokenizer
 * folders, {@code scheduler/scheduler_config.json} and {@code MODEL_CARD.md}.
 *
 * <pre>{@code
 * BundleWriter.copyOf(bundle)                 // current weights: trained projector included
 *     .config(bundle.config().withVersion("2"))
 *     .modelCard(card)
 *     .writeTo(zooTiny, DType.F32);
 * }</pre>
 */
public final class BundleWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private record Network(JsonNode config, Block block) {}

  private BundleConfig config;
  private final Map<BundleComponent, Network> networks = new EnumMap<>(BundleComponent.class);
  private final Map<String, Path> fileFolders = new LinkedHashMap<>();
  private JsonNode scheduler;
  private String modelCard;

  private BundleWriter() {}

  /** An empty writer. */
  public static BundleWriter create() {
    return new BundleWriter();
  }

  /**
   * A writer pre-filled from a loaded bundle: its config, its networks with their current weights,
   * its tokenizer folders, scheduler config and model card.
   */
  public static BundleWriter copyOf(ModelBundle bundle) {
    BundleWriter w = new BundleWriter().config(bundle.config());
    bundle.networks().forEach((c, block) -> w.network(c, bundle.componentConfig(c), block));
    for (String folder :
        new String[] {ModelBundle.TOKENIZER, ModelBundle.TOKENIZER_2, ModelBundle.LLM_TOKENIZER}) {
      Path p = bundle.directory().resolve(folder);
      if (Files.isDirectory(p)) {
        w.files(folder, p);
      }
    }
    w.scheduler(
        readJson(
            bundle
                .directory()
                .resolve(ModelBundle.SCHEDULER)
                .resolve(ModelBundle.SCHEDULER_CONFIG)));
    Path card = bundle.directory().resolve(ModelBundle.MODEL_CARD);
    try {
      w.modelCard(Files.isRegularFile(card) ? Files.readString(card) : defaultCard(bundle.config()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w;
  }

  public BundleWriter config(BundleConfig c) {
    this.config = Objects.requireNonNull(c, "config");
    return this;
  }

  /** A network, with its upstream {@code config.json} content; its parameters must be initialised. */
  public BundleWriter network(BundleComponent component, JsonNode upstreamConfig, Block block) {
    networks.put(component, new Network(upstreamConfig, block));
    return this;
  }

  /** Removes a network (e.g. an {@code image_encoder} a derived bundle does not ship). */
  public BundleWriter without(BundleComponent component) {
    networks.remove(component);
    return this;
  }

  /** A folder of plain files (tokenizers) copied as {@code folder/} into the bundle. */
  public BundleWriter files(String folder, Path source) {
    fileFolders.put(folder, source);
    return this;
  }

  /** The diffusers {@code scheduler_config.json} content. */
  public BundleWriter scheduler(JsonNode schedulerConfig) {
    this.scheduler = schedulerConfig;
    return this;
  }

  public BundleWriter modelCard(String markdown) {
    this.modelCard = markdown;
    return this;
  }

  /**
   * Writes the bundle into {@code directory} (created if needed; files of the same names are
   * replaced). Floating weights are stored as {@code floatType}.
   */
  public void writeTo(Path directory, DType floatType) {
    if (config == null || scheduler == null) {
      throw new IllegalStateException("a bundle needs at least its config and scheduler config");
    }
    try {
      Files.createDirectories(directory);
      config.write(directory.resolve(BundleConfig.FILE));
      for (Map.Entry<BundleComponent, Network> e : networks.entrySet()) {
        Path folder = directory.resolve(e.getKey().folder());
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve(ModelBundle.CONFIG_JSON).toFile(), e.getValue().config());
        Checkpoints.save(
            e.getValue().block(),
            folder.resolve(e.getKey().weightsFile()),
            floatType,
            Map.of("format", "pt"));
      }
      for (Map.Entry<String, Path> e : fileFolders.entrySet()) {
        copyFolder(e.getValue(), directory.resolve(e.getKey()));
      }
      Path schedulerDir = directory.resolve(ModelBundle.SCHEDULER);
      Files.createDirectories(schedulerDir);
      JSON.writeValue(schedulerDir.resolve(ModelBundle.SCHEDULER_CONFIG).toFile(), scheduler);
      Files.writeString(
          directory.resolve(ModelBundle.MODEL_CARD), modelCard != null ? modelCard : defaultCard(config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle to " + directory, e);
    }
  }

  private static void copyFolder(Path source, Path target) throws IOException {
    if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
      return;
    }
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, target.resolve(f.getFileName().toString()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String defaultCard(BundleConfig c) {
    return "# " + c.id() + " " + c.version() + "\n\nFamily " + c.family() + ", " + c.imageSize()
        + " px images, " + c.latentSpace() + " latent space. Layout and fields: models/BUNDLE.md.\n";
  }
}
