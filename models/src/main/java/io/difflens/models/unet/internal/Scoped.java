package io.difflens.models.unet.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.difflens.models.nn.ActivationCapture;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a block's forward body in an {@link NDScope}, so its temporaries (attention logits of SDXL's
 * 4096-token self-attention are hundreds of MB) are freed as soon as the block returns rather than
 * when the caller's manager closes. Results survive: they move to the enclosing scope, and captured
 * activations leave scoping altogether.
 */
public final class Scoped {

  private Scoped() {}

  /** Runs {@code body}, keeping its result (which may be null). */
  public static NDArray run(ActivationCapture capture, Supplier<NDArray> body) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      NDScope.unregister(out);
    }
    if (!capture.holds(out)) {
      NDScope.register(out);
    }
    return out;
  }

  /** Runs {@code body}, keeping every array of its result. */
  public static List<NDArray> runAll(ActivationCapture capture, Supplier<List<NDArray>> body) {
    List<NDArray> out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      out.forEach(NDScope::unregister);
    }
    for (NDArray a : out) {
      if (!capture.holds(a)) {
        NDScope.register(a);
      }
    }
    return out;
  }
}
