package io.difflens.models.projector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.nn.ActivationFunction;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;

/**
 * LLaVA's multimodal projector: vision features (B, N, Dv) to LLM input embeddings (B, N, D).
 * Parameters as in LLaVA checkpoints: {@code mlp2x_gelu} is an {@code nn.Sequential(Linear, GELU,
 * Linear)}, so {@code model.mm_projector.0.*} and {@code model.mm_projector.2.*} (index 1 is the
 * parameter-free exact GELU); {@code linear} is a bare {@code nn.Linear}, so {@code
 * model.mm_projector.weight/bias}.
 */
public final class Projector extends Module {
  private final ProjectorConfig config;
  private final Holder model;

  public Projector(ProjectorConfig config) {
    this.config = config;
    this.model = child("model", new Holder(config));
  }

  public ProjectorConfig config() {
    return config;
  }

  /**
   * Projects visual tokens (B, N, Dv). With {@link ProjectorConfig#gridPositions()} the N tokens must
   * be a row-major g x g grid, and token (row, column) gets ((2 column + 1) / g - 1, (2 row + 1) / g -
   * 1) appended, the centre of its cell in (-1, 1) with x to the right and y downwards.
   */
  public NDArray forward(NDArray features) {
    NDArray in = config.gridPositions() ? withGridPositions(features) : features;
    return switch (config.type()) {
      case LINEAR -> model.linear.forward(in);
      case MLP2X_GELU ->
          model.mlp.second.forward(ActivationFunction.GELU.apply(model.mlp.first.forward(in)));
    };
  }

  private static NDArray withGridPositions(NDArray features) {
    Shape shape = features.getShape();
    if (shape.dimension() != 3) {
      throw new IllegalArgumentException("visual tokens must be (B, N, C), got " + shape);
    }
    int n = Math.toIntExact(shape.get(1));
    int g = (int) Math.round(Math.sqrt(n));
    if (g * g != n) {
      throw new IllegalArgumentException(
          "a projector with grid positions needs a square grid of tokens, got " + n + " tokens");
    }
    float[] xy = new float[n * ProjectorConfig.GRID_POSITION_CHANNELS];
    for (int row = 0; row < g; row++) {
      for (int col = 0; col < g; col++) {
        int t = row * g + col;
        xy[2 * t] = (2f * col + 1f) / g - 1f;
        xy[2 * t + 1] = (2f * row + 1f) / g - 1f;
      }
    }
    NDArray grid =
        features
            .getManager()
            .create(xy, new Shape(1, n, ProjectorConfig.GRID_POSITION_CHANNELS))
            .toDevice(features.getDevice(), false)
            .toType(features.getDataType(), false)
            .repeat(0, shape.get(0));
    return features.concat(grid, 2);
  }

  /** The {@code model.} level of a LLaVA checkpoint, which holds the projector next to the LLM. */
  private static final class Holder extends Module {
    private final Linear linear;
    private final Mlp mlp;

    Holder(ProjectorConfig c) {
      this.linear =
          c.type() == ProjectorType.LINEAR
              ? child("mm_projector", new Linear(c.inputSize(), c.textHiddenSize(), true))
              : null;
      this.mlp = c.type() == ProjectorType.MLP2X_GELU ? child("mm_projector", new Mlp(c)) : null;
    }
  }

  /** The {@code nn.Sequential}: children named by their index in it. */
  private static final class Mlp extends Module {
    private final Linear first;
    private final Linear second;

    Mlp(ProjectorConfig c) {
      this.first = child("0", new Linear(c.inputSize(), c.textHiddenSize(), true));
      this.second = child("2", new Linear(c.textHiddenSize(), c.textHiddenSize(), true));
    }
  }
}
