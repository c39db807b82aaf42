package io.difflens.models;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.clip.ClipTextConfig;
import io.difflens.models.clip.ClipTextModel;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.clip.ClipVisionModel;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import io.difflens.models.vae.AutoencoderKL;
import io.difflens.models.vae.AutoencoderKLConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The networks an upstream {@code config.json} can describe, recognised from its class name ({@code
 * architectures[0]} / {@code _class_name}) or {@code model_type}. {@link #build} constructs the
 * network without allocating weights (the source of {@code difflens model manifest}).
 */
public enum Architecture {
  UNET_2D_CONDITION(
      c -> arch(c).equals("UNet2DConditionModel"),
      c -> new UNet2DConditionModel(UNet2DConditionConfig.parse(c))),
  /**
   * diffusers' {@code AutoencoderKL}: the encoder and {@code quant_conv}, the part difflens runs.
   */
  AUTOENCODER_KL(
      c -> arch(c).equals("AutoencoderKL"), c -> new AutoencoderKL(AutoencoderKLConfig.parse(c))),
  CLIP_TEXT(
      c ->
          is(c, ClipTextConfig.TEXT_MODEL, "clip_text_model")
              && !arch(c).equals(ClipTextConfig.TEXT_MODEL_WITH_PROJECTION),
      c -> new ClipTextModel(ClipTextConfig.fromJson(c))),
  CLIP_TEXT_WITH_PROJECTION(
      c -> arch(c).equals(ClipTextConfig.TEXT_MODEL_WITH_PROJECTION),
      c -> new ClipTextModel(ClipTextConfig.fromJson(c))),
  CLIP_VISION(
      c -> is(c, ClipVisionConfig.VISION_MODEL, "clip_vision_model")
          || arch(c).equals(ClipVisionConfig.VISION_MODEL_WITH_PROJECTION),
      c -> new ClipVisionModel(ClipVisionConfig.fromJson(c))),
  LLAMA(
      c -> is(c, "LlamaForCausalLM", "llama"), c -> new LlamaForCausalLm(LlamaConfig.fromJson(c))),
  /**
   * A LLaVA config ({@code mm_projector_type}): its projector, the part of LLaVA that is not LLaMA
   * or CLIP.
   */
  LLAVA_PROJECTOR(c -> c.has("mm_projector_type"), c -> new Projector(ProjectorConfig.fromJson(c)));

  private final Predicate<JsonNode> matches;
  private final Function<JsonNode, Block> builder;

  Architecture(Predicate<JsonNode> matches, Function<JsonNode, Block> builder) {
    this.matches = matches;
    this.builder = builder;
  }

  /**
   * Builds the network the config describes; parameters keep their shapes but are not allocated.
   */
  public Block build(JsonNode config) {
    return builder.apply(config);
  }

  public static Architecture detect(JsonNode config) {
    return Arrays.stream(values())
        .filter(a -> a.matches.test(config))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "config describes no known architecture: architectures="
                        + config.path("architectures")
                        + ", _class_name="
                        + config.path("_class_name")
                        + ", model_type="
                        + config.path("model_type")));
  }

  /** Detects and builds the network of a {@code config.json} file. */
  public static Block fromConfig(Path configJson) {
    JsonNode config = JsonFields.read(configJson);
    return detect(config).build(config);
  }

  private static String arch(JsonNode c) {
    String cls = c.path("_class_name").asText("");
    return cls.isEmpty() ? JsonFields.architecture(c, "") : cls;
  }

  private static boolean is(JsonNode c, String className, String modelType) {
    String a = arch(c);
    return a.equals(className)
        || (a.isEmpty() && modelType.equals(c.path("model_type").asText("")));
  }
}
