package io.difflens.models.diffusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A diffusers scheduler config ({@code scheduler_config.json}), reduced to what the schedulers here
 * use. Unknown keys are ignored; unsupported values of known keys are rejected.
 */
public record SchedulerConfig(
    Kind kind,
    int numTrainTimesteps,
    BetaSchedule betaSchedule,
    double betaStart,
    double betaEnd,
    PredictionType predictionType,
    TimestepSpacing timestepSpacing,
    int stepsOffset) {

  /** The scheduler classes supported ({@code _class_name}). */
  public enum Kind {
    DDPM("DDPMScheduler"),
    EULER_DISCRETE("EulerDiscreteScheduler");

    private final String className;

    Kind(String className) {
      this.className = className;
    }

    /** The diffusers class name. */
    public String className() {
      return className;
    }

    /** Finds the kind of a diffusers class name. */
    public static Kind ofClassName(String name) {
      for (Kind k : values()) {
        if (k.className.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unsupported scheduler class '" + name + "'");
    }
  }

  public SchedulerConfig {
    if (numTrainTimesteps < 2) {
      throw new IllegalArgumentException(
          "num_train_timesteps must be >= 2, got " + numTrainTimesteps);
    }
    if (stepsOffset < 0) {
      throw new IllegalArgumentException("steps_offset must be >= 0, got " + stepsOffset);
    }
  }

  /** SDXL base's Euler scheduler settings. */
  public static SchedulerConfig sdxlEuler() {
    return new SchedulerConfig(
        Kind.EULER_DISCRETE,
        1000,
        BetaSchedule.SCALED_LINEAR,
        0.00085,
        0.012,
        PredictionType.EPSILON,
        TimestepSpacing.LEADING,
        1);
  }

  /** Parses a config JSON file. */
  public static SchedulerConfig read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  /** Parses a config JSON tree. */
  public static SchedulerConfig parse(JsonNode json) {
    if (json.hasNonNull("trained_betas")) {
      throw new IllegalArgumentException("explicit trained_betas are not supported");
    }
    return new SchedulerConfig(
        Kind.ofClassName(json.path("_class_name").asText()),
        json.path("num_train_timesteps").asInt(1000),
        BetaSchedule.parse(json.path("beta_schedule").asText("linear")),
        json.path("beta_start").asDouble(0.0001),
        json.path("beta_end").asDouble(0.02),
        PredictionType.parse(json.path("prediction_type").asText("epsilon")),
        TimestepSpacing.parse(json.path("timestep_spacing").asText("leading")),
        json.path("steps_offset").asInt(0));
  }

  /** The training noise schedule this config describes. */
  public NoiseSchedule schedule() {
    return NoiseSchedule.of(betaSchedule, betaStart, betaEnd, numTrainTimesteps);
  }
}
