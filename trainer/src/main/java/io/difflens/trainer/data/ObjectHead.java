package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.difflens.datasets.world.Scene;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.ParameterPaths;
import java.util.List;
import java.util.Map;

/**
 * The answerer's auxiliary object loss: a linear read-out of every projected visual token (the LLM's
 * input, (B, N, D)) trained to say which objects it shows ({@link ObjectLabels}), by binary
 * cross-entropy averaged over tokens and channels. It asks the projector to put each object's colour,
 * shape, size and direction where the LLM reads it, in every token the object is drawn in and, with the
 * centred group, bound together in the one token that holds its centre: a target for every token of every
 * example where the answer gives one word. The read-out is a training aid: it is not saved with the bundle, and serving
 * never runs it.
 */
public final class ObjectHead {
  private final Linear readOut;
  private final ObjectLabels labels;

  /** A new read-out of {@code width}-wide tokens, initialised in {@code manager} from the engine's seed. */
  public ObjectHead(long width, ObjectLabels labels, NDManager manager) {
    this.readOut = new Linear(width, labels.channels(), true);
    this.readOut.initializeParameters(manager, DataType.FLOAT32);
    this.labels = labels;
  }

  /** The read-out's parameters by name ({@code weight}, {@code bias}), to train and checkpoint. */
  public Map<String, Parameter> parameters() {
    return ParameterPaths.of(readOut);
  }

  /** The loss of the read-out of {@code projected} (B, N, D) against the objects of {@code scenes}. */
  public NDArray loss(NDManager manager, NDArray projected, List<Scene> scenes) {
    long n = projected.getShape().get(1);
    int grid = (int) Math.round(Math.sqrt(n));
    if ((long) grid * grid != n || scenes.size() != projected.getShape().get(0)) {
      throw new IllegalArgumentException(
          "the object loss needs one scene per row of a square token grid, got " + scenes.size()
              + " scenes for tokens " + projected.getShape());
    }
    NDArray x = readOut.forward(projected); // (B, N, K) logits
    NDArray y = labels.batch(manager, scenes, grid);
    // binary cross-entropy with logits, in the form that cannot overflow: max(x, 0) - x y + log(1 + e^-|x|)
    NDArray bce = x.maximum(0f).sub(x.mul(y)).add(x.abs().neg().exp().add(1f).log());
    return bce.mean();
  }
}
