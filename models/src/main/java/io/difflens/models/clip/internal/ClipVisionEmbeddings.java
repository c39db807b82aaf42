package io.difflens.models.clip.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import io.difflens.models.clip.ClipVisionConfig;
import io.difflens.models.nn.Conv2d;
import io.difflens.models.nn.Embedding;
import io.difflens.models.nn.Module;

/**
 * transformers' {@code CLIPVisionEmbeddings}: patch embedding (a stride-p convolution without
 * bias), a learned class token in front, absolute position embedding. C channels, S image side, g =
 * S / p, N = g².
 */
public final class ClipVisionEmbeddings extends Module {
  private final long width;
  private final Parameter classEmbedding;
  private final Conv2d patchEmbedding;
  private final Embedding positionEmbedding;

  public ClipVisionEmbeddings(ClipVisionConfig c) {
    this.width = c.hiddenSize();
    this.classEmbedding = param("class_embedding", new Shape(width), new NormalInitializer(0.02f));
    this.patchEmbedding =
        child(
            "patch_embedding",
            new Conv2d(c.numChannels(), width, c.patchSize(), c.patchSize(), 0, false));
    this.positionEmbedding = child("position_embedding", new Embedding(c.numPositions(), width));
  }

  /** pixels (B, C, S, S) to (B, 1 + N, D). */
  public NDArray forward(NDArray pixels) {
    long b = pixels.getShape().get(0);
    NDArray patches = patchEmbedding.forward(pixels); // (B, D, g, g)
    patches = patches.reshape(b, width, -1).transpose(0, 2, 1); // (B, N, D)
    // zerosLike first, so the result belongs to the request's manager and not to the parameter's.
    NDArray cls = patches.get(":, :1, :").zerosLike().add(classEmbedding.getArray()); // (B, 1, D)
    NDArray tokens = cls.concat(patches, 1); // (B, 1 + N, D)
    long n = tokens.getShape().get(1);
    if (n != positionEmbedding.numEmbeddings()) {
      throw new IllegalArgumentException(
          "image gives "
              + n
              + " tokens, the position embedding has "
              + positionEmbedding.numEmbeddings()
              + " (input shape "
              + pixels.getShape()
              + ")");
    }
    NDArray positions = pixels.getManager().arange(0, (int) n, 1, DataType.INT64); // (1 + N)
    return tokens.add(positionEmbedding.forward(positions)); // (B, 1 + N, D)
  }
}
