package io.difflens.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@link TrainingLoop} trains: a set of trainable parameters and a loss.
 *
 * <p>The loss of a step must depend only on the parameters and on {@code rng}, which the loop
 * derives from the seed and the step number. That is what makes a resumed run reproduce an
 * uninterrupted one exactly: there is no data-loader or noise state to save.
 */
public interface TrainingTask {

  /** The parameters the optimizer updates, by checkpoint name (initialised). */
  Map<String, Parameter> trainable();

  /**
   * The scalar loss of one step. Every array must be created in {@code manager} (or be a result of
   * operations on such arrays or on parameters), so the loop can free the step's memory.
   */
  NDArray loss(NDManager manager, SplittableRandom rng, int batch);

  /**
   * Named parts of the last step's loss (for example the answer's and an auxiliary loss's), written to
   * the loss log beside the total; none by default.
   */
  default Map<String, Double> parts() {
    return Map.of();
  }
}
