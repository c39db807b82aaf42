package io.difflens.models.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.golden.internal.ClipTextRunner;
import io.difflens.models.golden.internal.ClipVisionRunner;
import io.difflens.models.golden.internal.LlamaRunner;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The kinds of golden folders, recognised by the class name in {@code config.json} ({@code
 * architectures[0]} for transformers, {@code _class_name} for diffusers). One runner class per
 * kind.
 */
public enum GoldenKind {
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

  public String className() {
    return className;
  }

  public GoldenRunner runner() {
    return runner.get();
  }

  /** The kind a config describes. */
  public static GoldenKind detect(JsonNode config) {
    String name = config.path("_class_name").asText("");
    if (name.isEmpty()
        && config.path("architectures").isArray()
        && config.get("architectures").size() > 0) {
      name = config.get("architectures").get(0).asText();
    }
    String found = name;
    return Arrays.stream(values())
        .filter(k -> k.className.equals(found))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown golden kind '"
                        + found
                        + "', known: "
                        + Arrays.toString(
                            Arrays.stream(values()).map(GoldenKind::className).toArray())));
  }
}
