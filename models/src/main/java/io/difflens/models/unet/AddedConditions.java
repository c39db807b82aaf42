package io.difflens.models.unet;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * SDXL's {@code added_cond_kwargs}: the pooled text embedding (B, P) and the six size/crop ids
 * (B, 6) = (orig_h, orig_w, crop_top, crop_left, target_h, target_w).
 */
public record AddedConditions(NDArray textEmbeds, NDArray timeIds) {
  public AddedConditions {
    Objects.requireNonNull(textEmbeds, "textEmbeds");
    Objects.requireNonNull(timeIds, "timeIds");
    if (textEmbeds.getShape().get(0) != timeIds.getShape().get(0)) {
      throw new IllegalArgumentException(
          "text_embeds " + textEmbeds.getShape() + " and time_ids " + timeIds.getShape()
              + " differ in batch size");
    }
  }
}
