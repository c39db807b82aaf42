package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;

/** A lookup table: ids {@code (...)} (int64) to vectors {@code (..., D)}; {@code weight} is {@code [N, D]}. */
public final class Embedding extends Module {
  private final long numEmbeddings;
  private final long dim;
  private final Parameter weight;

  public Embedding(long numEmbeddings, long dim) {
    if (numEmbeddings <= 0 || dim <= 0) {
      throw new IllegalArgumentException(
          "Embedding needs positive sizes, got num=" + numEmbeddings + " dim=" + dim);
    }
    this.numEmbeddings = numEmbeddings;
    this.dim = dim;
    this.weight = param("weight", new Shape(numEmbeddings, dim), new NormalInitializer(0.02f));
  }

  public NDArray forward(NDArray ids) {
    return ai.djl.nn.core.Embedding.embedding(ids, weight.getArray(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  public long numEmbeddings() {
    return numEmbeddings;
  }

  public long dim() {
    return dim;
  }

  public Parameter weight() {
    return weight;
  }
}
