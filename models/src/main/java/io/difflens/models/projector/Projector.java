package io.difflens.models.projector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
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
   * Projects visual tokens (B, N, Dv) to (B, N / m², D). With a merge, a neighbourhood or grid positions
   * the N tokens must be a row-major g x g grid. With {@link ProjectorConfig#tokenMerge()} m > 1 (g a
   * multiple of m) the grid is first cut into m x m blocks, row-major, each read as one token: block
   * (R, C) holds, in its m² Dv channels, token (m R + i, m C + j) at channels (i m + j) Dv onwards; what
   * follows sees the (g / m) x (g / m) grid of blocks. With {@link ProjectorConfig#neighbourhood()}
   * r > 0, token (row, column) is read with its window: block k = (dr + r)(2r + 1) + (dc + r) of its
   * (2r + 1)² Dv inputs holds token (row + dr, column + dc), zeros off the grid. With {@link
   * ProjectorConfig#gridPositions()} it then gets ((2 column + 1) / g - 1, (2 row + 1) / g - 1)
   * appended, the centre of its cell in (-1, 1) with x to the right and y downwards.
   */
  public NDArray forward(NDArray features) {
    NDArray in = features;
    if (config.tokenMerge() > 1) {
      in = merged(in, config.tokenMerge());
    }
    if (config.neighbourhood() > 0) {
      in = withNeighbours(in, config.neighbourhood());
    }
    if (config.gridPositions()) {
      in = withGridPositions(in);
    }
    return switch (config.type()) {
      case LINEAR -> model.linear.forward(in);
      case MLP2X_GELU ->
          model.mlp.second.forward(ActivationFunction.GELU.apply(model.mlp.first.forward(in)));
    };
  }

  /** The side g of the square token grid of (B, N, C) visual tokens. */
  private static int gridSide(Shape shape) {
    if (shape.dimension() != 3) {
      throw new IllegalArgumentException("visual tokens must be (B, N, C), got " + shape);
    }
    int n = Math.toIntExact(shape.get(1));
    int g = (int) Math.round(Math.sqrt(n));
    if (g * g != n) {
      throw new IllegalArgumentException(
          "a projector with grid positions, a neighbourhood or a token merge needs a square grid of tokens, got "
              + n
              + " tokens");
    }
    return g;
  }

  /** (B, g², C) to (B, (g / m)², m² C): each m x m block of tokens as one token. */
  private static NDArray merged(NDArray features, int m) {
    Shape shape = features.getShape();
    int g = gridSide(shape);
    if (g % m != 0) {
      throw new IllegalArgumentException(
          "mm_token_merge " + m + " needs a grid side that is a multiple of it, got a " + g + " x " + g + " grid");
    }
    long b = shape.get(0);
    long c = shape.get(2);
    int h = g / m;
    // (B, R, i, C', j, c) -> (B, R, C', i, j, c)
    return features
        .reshape(b, h, m, h, m, c)
        .transpose(0, 1, 3, 2, 4, 5)
        .reshape(b, (long) h * h, (long) m * m * c);
  }

  /** (B, g², C) to (B, g², (2r + 1)² C): each token followed by its neighbours, zero-padded. */
  private static NDArray withNeighbours(NDArray features, int r) {
    Shape shape = features.getShape();
    int g = gridSide(shape);
    long b = shape.get(0);
    long c = shape.get(2);
    NDArray grid = features.reshape(b, g, g, c);
    NDArray rows = grid.getManager().zeros(new Shape(b, r, g, c), features.getDataType(), features.getDevice());
    grid = rows.concat(grid, 1).concat(rows, 1); // (B, g + 2r, g, C)
    NDArray cols =
        grid.getManager().zeros(new Shape(b, g + 2L * r, r, c), features.getDataType(), features.getDevice());
    grid = cols.concat(grid, 2).concat(cols, 2); // (B, g + 2r, g + 2r, C)
    NDList window = new NDList();
    for (int dr = 0; dr <= 2 * r; dr++) {
      for (int dc = 0; dc <= 2 * r; dc++) {
        window.add(grid.get(new NDIndex(":, {}:{}, {}:{}, :", dr, dr + g, dc, dc + g)));
      }
    }
    return NDArrays.concat(window, 3).reshape(b, (long) g * g, window.size() * c);
  }

  private static NDArray withGridPositions(NDArray features) {
    Shape shape = features.getShape();
    int g = gridSide(shape);
    int n = g * g;
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
