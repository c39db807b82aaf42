package io.difflens.models.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.golden.internal.AutoencoderKlRunner;
import io.difflens.models.golden.internal.ClipTextRunner;
import io.difflens.models.golden.internal.ClipVisionRunner;
import io.difflens.models.golden.internal.DdpmSchedulerRunner;
import io.difflens.models.golden.internal.EulerSchedulerRunner;
import io.difflens.models.golden.internal.LlamaRunner;
import io.difflens.models.golden.internal.UNet2DConditionRunner;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The kinds of golden folders this project can check, recognised by the upstream class name in
 * {@code config.json} ({@code _class_name} for diffusers, {@code architectures[0]} for
 * transformers). Adding a kind is one constant here and one runner class.
 */
public enum GoldenKind {
  DDPM_SCHEDULER("DDPMScheduler", DdpmSchedulerRunner::new),
  EULER_DISCRETE_SCHEDULER("EulerDiscreteScheduler", EulerSchedulerRunner::new),
  UNET_2D_CONDITION("UNet2DConditionModel", UNet2DConditionRunner::new),
  AUTOENCODER_KL("AutoencoderKL", AutoencoderKlRunner::new),
  CLIP_TEXT("CLIPTextModel", ClipTextRunner::new),
  CLIP_TEXT_WITH_PROJECTION("CLIPTextModelWithProjection", ClipTextRunner::new),
  CLIP_VISION("CLIPVisionModel", ClipVisionRunner::new),
  LLAMA("LlamaForCausalLM", LlamaRunner::new);

  private final String className;
  private final Supplier<GoldenRunner> runner;

  GoldenKind(String className, Supplier<GoldenRunner> runner) {
    this.className = className;
    this.runner = runner;
  }

  /** The upstream class name this kind is recognised by. */
  public String className() {
    return className;
  }

  /** A runner for folders of this kind. */
  public GoldenRunner runner() {
    return runner.get();
  }

  /** Detects the kind of a folder from its config. */
  public static GoldenKind detect(JsonNode config) {
    String name = config.path("_class_name").asText("");
    if (name.isEmpty()
        && config.path("architectures").isArray()
        && config.path("architectures").size() > 0) {
      name = config.path("architectures").get(0).asText();
    }
    for (GoldenKind kind : values()) {
      if (kind.className.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown golden kind '"
            + name
            + "' (known: "
            + Arrays.stream(values()).map(GoldenKind::className).toList()
            + ")");
  }
}
