package io.difflens.models.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import java.nio.file.Path;

/**
 * The projector fields of a LLaVA config: {@code mm_projector_type}, {@code mm_hidden_size} (vision
 * width) and {@code hidden_size} (LLM width).
 */
public record ProjectorConfig(ProjectorType type, int visionHiddenSize, int textHiddenSize) {

  public ProjectorConfig {
    if (type == null) {
      throw new IllegalArgumentException("projector type must be given");
    }
    if (visionHiddenSize <= 0 || textHiddenSize <= 0) {
      throw new IllegalArgumentException(
          "projector sizes must be positive: mm_hidden_size "
              + visionHiddenSize
              + ", hidden_size "
              + textHiddenSize);
    }
  }

  public static ProjectorConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  public static ProjectorConfig fromJson(JsonNode c) {
    return new ProjectorConfig(
        ProjectorType.fromConfig(JsonFields.optText(c, "mm_projector_type", "linear")),
        JsonFields.requireInt(c, "mm_hidden_size"),
        JsonFields.requireInt(c, "hidden_size"));
  }
}
