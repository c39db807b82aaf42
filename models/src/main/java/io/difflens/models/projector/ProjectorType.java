package io.difflens.models.projector;

import java.util.Arrays;

/** LLaVA's {@code mm_projector_type} values that difflens supports. */
public enum ProjectorType {
  /** One {@code Linear(mm_hidden_size, hidden_size)}: LLaVA 1.0. */
  LINEAR("linear"),
  /** {@code Linear, GELU, Linear}: LLaVA 1.5. */
  MLP2X_GELU("mlp2x_gelu");

  private final String configName;

  ProjectorType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static ProjectorType fromConfig(String name) {
    return Arrays.stream(values())
        .filter(t -> t.configName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported mm_projector_type '"
                        + name
                        + "', expected one of linear, mlp2x_gelu"));
  }
}
