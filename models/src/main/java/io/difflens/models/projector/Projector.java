package io.difflens.models.projector;

import ai.djl.ndarray.NDArray;
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

  public NDArray forward(NDArray features) {
    return switch (config.type()) {
      case LINEAR -> model.linear.forward(features);
      case MLP2X_GELU ->
          model.mlp.second.forward(
              ActivationFunction.GELU.apply(model.mlp.first.forward(features)));
    };
  }

  /** The {@code model.} level of a LLaVA checkpoint, which holds the projector next to the LLM. */
  private static final class Holder extends Module {
    private final Linear linear;
    private final Mlp mlp;

    Holder(ProjectorConfig c) {
      this.linear =
          c.type() == ProjectorType.LINEAR
              ? child("mm_projector", new Linear(c.visionHiddenSize(), c.textHiddenSize(), true))
              : null;
      this.mlp = c.type() == ProjectorType.MLP2X_GELU ? child("mm_projector", new Mlp(c)) : null;
    }
  }

  /** The {@code nn.Sequential}: children named by their index in it. */
  private static final class Mlp extends Module {
    private final Linear first;
    private final Linear second;

    Mlp(ProjectorConfig c) {
      this.first = child("0", new Linear(c.visionHiddenSize(), c.textHiddenSize(), true));
      this.second = child("2", new Linear(c.textHiddenSize(), c.textHiddenSize(), true));
    }
  }
}
