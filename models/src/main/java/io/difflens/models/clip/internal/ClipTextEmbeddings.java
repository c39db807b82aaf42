package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.difflens.models.nn.Embedding;
import io.difflens.models.nn.Module;

/** transformers' {@code CLIPTextEmbeddings}: token plus absolute position embedding. */
public final class ClipTextEmbeddings extends Module {
  private final Embedding tokenEmbedding;
  private final Embedding positionEmbedding;

  public ClipTextEmbeddings(int vocab, int positions, int width) {
    this.tokenEmbedding = child("token_embedding", new Embedding(vocab, width));
    this.positionEmbedding = child("position_embedding", new Embedding(positions, width));
  }

  /** ids (B, T) int64 to (B, T, D). */
  public NDArray forward(NDArray ids) {
    long t = ids.getShape().get(1);
    if (t > positionEmbedding.numEmbeddings()) {
      throw new IllegalArgumentException(
          "sequence of "
              + t
              + " tokens exceeds max_position_embeddings "
              + positionEmbedding.numEmbeddings());
    }
    NDArray positions = ids.getManager().arange(0, (int) t, 1, DataType.INT64); // (T)
    return tokenEmbedding.forward(ids).add(positionEmbedding.forward(positions)); // (B, T, D)
  }
}
