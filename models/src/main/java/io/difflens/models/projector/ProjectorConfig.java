package io.difflens.models.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import java.nio.file.Path;

/**
 * The projector fields of a LLaVA config: {@code mm_projector_type}, {@code mm_hidden_size} (vision
 * width) and {@code hidden_size} (LLM width); and difflens's two extensions, {@code mm_grid_positions}
 * (default false) and {@code mm_neighbourhood} (default 0), absent from every LLaVA checkpoint.
 *
 * @param gridPositions whether the projector appends each visual token's grid coordinates to its
 *     features before its first layer (see {@link Projector}): for features without a position of
 *     their own, such as average-pooled UNet maps or raw-pixel patches. LLaVA's CLIP features carry
 *     position embeddings; these do not, and the LLM's rotary positions are relative, so without the
 *     coordinates an answerer cannot tell where on the grid a token lies.
 * @param neighbourhood radius r of the window of tokens the first layer reads: with r > 0 each token's
 *     features are followed by those of its (2r + 1)² - 1 grid neighbours (see {@link Projector}): a
 *     convolution over the token grid, in the spirit of Honeybee's convolutional abstractor, for objects
 *     that straddle cells. The tiny bundle tried r = 1 and left it off (its model card says why).
 */
public record ProjectorConfig(
    ProjectorType type, int visionHiddenSize, int textHiddenSize, boolean gridPositions, int neighbourhood) {

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
    if (neighbourhood < 0) {
      throw new IllegalArgumentException("mm_neighbourhood must be 0 or more, got " + neighbourhood);
    }
  }

  /** A LLaVA projector: no grid positions. */
  public ProjectorConfig(ProjectorType type, int visionHiddenSize, int textHiddenSize) {
    this(type, visionHiddenSize, textHiddenSize, false, 0);
  }

  /** Tokens in the window each token is read with: (2r + 1)², 1 without a neighbourhood. */
  public int windowTokens() {
    int side = 2 * neighbourhood + 1;
    return side * side;
  }

  /**
   * Inputs of the first layer: the vision width once per token of the window, plus the grid
   * coordinates when appended.
   */
  public int inputSize() {
    return visionHiddenSize * windowTokens() + (gridPositions ? GRID_POSITION_CHANNELS : 0);
  }

  public static ProjectorConfig fromJson(Path configJson) {
    return fromJson(JsonFields.read(configJson));
  }

  public static ProjectorConfig fromJson(JsonNode c) {
    JsonNode positions = c.get("mm_grid_positions");
    if (positions != null && !positions.isBoolean()) {
      throw new IllegalArgumentException("mm_grid_positions must be true or false, got " + positions);
    }
    JsonNode window = c.get("mm_neighbourhood");
    if (window != null && !window.isInt()) {
      throw new IllegalArgumentException("mm_neighbourhood must be an integer, got " + window);
    }
    return new ProjectorConfig(
        ProjectorType.fromConfig(JsonFields.optText(c, "mm_projector_type", "linear")),
        JsonFields.requireInt(c, "mm_hidden_size"),
        JsonFields.requireInt(c, "hidden_size"),
        positions != null && positions.booleanValue(),
        window == null ? 0 : window.intValue());
  }
}
