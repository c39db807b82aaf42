package io.difflens.models.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import java.nio.file.Path;

/**
 * The projector fields of a LLaVA config: {@code mm_projector_type}, {@code mm_hidden_size} (vision
 * width) and {@code hidden_size} (LLM width); and difflens's one extension, {@code mm_grid_positions}
 * (default false, as in every LLaVA checkpoint).
 *
 * @param gridPositions whether the projector appends each visual token's grid coordinates to its
 *     features before its first layer (see {@link Projector}): for features without a position of
 *     their own, such as average-pooled UNet maps or raw-pixel patches. LLaVA's CLIP features carry
 *     position embeddings; these do not, and the LLM's rotary positions are relative, so without the
 *     coordinates an answerer cannot tell where on the grid a token lies.
 */
public record ProjectorConfig(ProjectorType type, int visionHiddenSize, int textHiddenSize, boolean gridPositions) {

  /** Two channels a token: x then y, each in (-1, 1). */
  public static final int GRID_POSITION_CHANNELS = 2;

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

  /** A LLaVA projector: no grid positions. */
  public ProjectorConfig(ProjectorType type, int visionHiddenSize, int textHiddenSize) {
    this(type, visionHiddenSize, textHiddenSize, false);
  }

  /** Inputs of the first layer: the vision width, plus the grid coordinates when appended. */
  public int inputSize() {
    return visionHiddenSize + (gridPositions ? GRID_POSITION_CHANNELS : 0);
  }

  public static ProjectorConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  public static ProjectorConfig fromJson(JsonNode c) {
    JsonNode positions = c.get("mm_grid_positions");
    if (positions != null && !positions.isBoolean()) {
      throw new IllegalArgumentException("mm_grid_positions must be true or false, got " + positions);
    }
    return new ProjectorConfig(
        ProjectorType.fromConfig(JsonFields.optText(c, "mm_projector_type", "linear")),
        JsonFields.requireInt(c, "mm_hidden_size"),
        JsonFields.requireInt(c, "hidden_size"),
        positions != null && positions.booleanValue());
  }
}
