package io.difflens.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ParameterPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder the recipes build, component by component, in the upstream layout: {@code
 * tokenizer/}, {@code text_encoder/}, {@code image_encoder/}, {@code unet/}, {@code scheduler/},
 * {@code llm/}, {@code llm_tokenizer/} and {@code projector/}, each with its {@code
 * config.json} and weights; {@code training/<recipe>/} holds loss logs and checkpoints.
 */
public record BundleDir(Path root) {
  /** The LLM tokenizer file. */
  public Path llmTokenizer() {
    return component(LLM_TOKENIZER).resolve("tokenizer.json");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String TOKENIZER = "tokenizer";
  public static final String TEXT_ENCODER = "text_encoder";
  public static final String IMAGE_ENCODER = "image_encoder";
  public static final String UNET = "unet";
  public static final String SCHEDULER = "scheduler";
  public static final String LLM = "llm";
  /** The LLM's tokenizer folder ({@code tokenizer.json}), as {@code ModelBundle} reads it. */
  public static final String LLM_TOKENIZER = "llm_tokenizer";
  public static final String PROJECTOR = "projector";
  /** The pre-trained LLM as the llm recipe left it: every answerer's PT starts from it (SFT overwrites llm/). */
  public static final String LLM_BASE = "training/llm/base";
  /**
   * The LoRA on the UNet's cross-attention that {@code sft --unet-lora} trains with the answerer; part of the
   * bundle's UNet wherever it is read ({@code ModelBundle.UNET_LORA}).
   */
  public static final String UNET_LORA = ModelBundle.UNET_LORA;

  public Path component(String name) {
    return root.resolve(name);
  }

  public Path training(String recipe) {
    return root.resolve("training").resolve(recipe);
  }

  /** The weights file name diffusers or transformers uses for a component. */
  public static String weightsFile(String component) {
    return switch (component) {
      case UNET -> "diffusion_pytorch_model.safetensors";
      case UNET_LORA -> ModelBundle.UNET_LORA_FILE;
      default -> "model.safetensors";
    };
  }

  public boolean has(String component) {
    return Files.exists(component(component).resolve(weightsFile(component)));
  }

  public JsonNode config(String component) {
    Path file = component(component).resolve("config.json");
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + " (has the recipe that builds '" + component + "' run?)", e);
    }
  }

  /** Writes a component's config and weights (fp32). */
  public void save(String component, JsonNode config, Map<String, Parameter> params) {
    Path dir = component(component);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.json"), config.toPrettyString());
      Checkpoints.save(params, dir.resolve(weightsFile(component)), DType.F32, Map.of("format", "pt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write component " + dir, e);
    }
  }

  public void save(String component, JsonNode config, Module module) {
    save(component, config, ParameterPaths.of(module));
  }

  /** Loads a component's weights into {@code params} (checked names and shapes). */
  public void load(String component, Map<String, Parameter> params, NDManager manager) {
    Path file = component(component).resolve(weightsFile(component));
    try (TensorSource source = Safetensors.open(file)) {
      Checkpoints.load(params, source, manager, Checkpoints.Options.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public void load(String component, Module module, NDManager manager) {
    load(component, ParameterPaths.of(module), manager);
  }

  /** Random-initialises a network that a recipe trains from scratch. */
  public static void initialise(Module module, NDManager manager) {
    module.initializeParameters(manager, DataType.FLOAT32);
  }
}
