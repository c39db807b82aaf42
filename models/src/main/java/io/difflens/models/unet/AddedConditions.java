package io.difflens.models.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * SDXL's {@code added_cond_kwargs}: the pooled text embedding (B, P) and the six size/crop ids (B,
 * 6) = (orig_h, orig_w, crop_top, crop_left, target_h, target_w).
 */
public record AddedConditions(NDArray textEmbeds, NDArray timeIds) {
  public AddedConditions {
    Objects.requireNonNull(textEmbeds, "textEmbeds");
    Objects.requireNonNull(timeIds, "timeIds");
    if (textEmbeds.getShape().get(0) != timeIds.getShape().get(0)) {
      throw new IllegalArgumentException(
          "text_embeds "
              + textEmbeds.getShape()
              + " and time_ids "
              + timeIds.getShape()
              + " differ in batch size");
    }
  }

  /**
   * SDXL conditioning for a batch that shares one image geometry: the pooled text embeddings (B, P)
   * and, per sample, time ids (original size, crop top-left, target size).
   */
  public static AddedConditions sdxl(
      NDArray textEmbeds,
      int originalHeight,
      int originalWidth,
      int cropTop,
      int cropLeft,
      int targetHeight,
      int targetWidth) {
    long batch = textEmbeds.getShape().get(0);
    float[] ids = new float[(int) batch * 6];
    for (int b = 0; b < batch; b++) {
      float[] row = {originalHeight, originalWidth, cropTop, cropLeft, targetHeight, targetWidth};
      System.arraycopy(row, 0, ids, b * 6, 6);
    }
    return new AddedConditions(
        textEmbeds, textEmbeds.getManager().create(ids, new Shape(batch, 6)));
  }
}
