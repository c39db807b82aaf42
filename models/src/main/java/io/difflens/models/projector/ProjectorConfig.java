package io.difflens.models.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import java.nio.file.Path;

/**
 * The projector fields of a LLaVA config: {@code mm_projector_type}, {@code mm_hidden_size} (vision
 * width) and {@code hidden_size} (LLM width); and difflens's three extensions, {@code mm_grid_positions}
 * (default false), {@code mm_neighbourhood} (default 0) and {@code mm_token_merge} (default 1), absent
 * from every LLaVA checkpoint.
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
 * @param tokenMerge side m of the blocks of tokens merged into one before anything else: each m x m
 *     block of the g x g grid becomes one token of m² times the channels, a (g / m) x (g / m) grid (see
 *     {@link Projector}): the idea of InternVL's pixel shuffle and Qwen2-VL's 2 x 2 merger. Nothing is pooled
 *     away, and the LLM reads m² times fewer visual tokens, which is most of its cost. 1 merges nothing.
 */
public record ProjectorConfig(
    ProjectorType type,
    int visionHiddenSize,
    int textHiddenSize,
    boolean gridPositions,
    int neighbourhood,
    int tokenMerge) {

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
    if (tokenMerge < 1) {
      throw new IllegalArgumentException("mm_token_merge must be 1 or more, got " + tokenMerge);
    }
  }

  /** A LLaVA projector: no grid positions. */
  public ProjectorConfig(ProjectorType type, int visionHiddenSize, int textHiddenSize) {
    this(type, visionHiddenSize, textHiddenSize, false, 0, 1);
  }

  /** Tokens in the window each token is read with: (2r + 1)², 1 without a neighbourhood. */
  public int windowTokens() {
    int side = 2 * neighbourhood + 1;
    return side * side;
  }

  /** Channels of a token after merging: the vision width once per token of an m x m block. */
  public int mergedSize() {
    return visionHiddenSize * tokenMerge * tokenMerge;
  }

  /**
   * Inputs of the first layer: the merged width once per token of the window, plus the grid
   * coordinates when appended.
   */
  public int inputSize() {
    return mergedSize() * windowTokens() + (gridPositions ? GRID_POSITION_CHANNELS : 0);
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
    JsonNode merge = c.get("mm_token_merge");
    if (merge != null && !merge.isInt()) {
      throw new IllegalArgumentException("mm_token_merge must be an integer, got " + merge);
    }
    return new ProjectorConfig(
        ProjectorType.fromConfig(JsonFields.optText(c, "mm_projector_type", "linear")),
        JsonFields.requireInt(c, "mm_hidden_size"),
        JsonFields.requireInt(c, "hidden_size"),
        positions != null && positions.booleanValue(),
        window == null ? 0 : window.intValue(),
        merge == null ? 1 : merge.intValue());
  }
}
