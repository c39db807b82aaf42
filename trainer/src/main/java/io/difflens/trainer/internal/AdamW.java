package io.difflens.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with global-norm gradient clipping.
 *
 * <p>Written here rather than using DJL's {@code Adam} because DJL's optimizers neither expose nor
 * restore their moment estimates, and a checkpoint must hold them for a resumed run to continue
 * exactly. The moments are allocated up front in the optimizer's own manager, so no per-step scope
 * can free them.
 */
public final class AdamW {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;
  /** Every element of an array of any rank. */
  private static final NDIndex ALL = new NDIndex("...");

  private final Map<String, Parameter> params;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final float weightDecay;
  private final float maxGradNorm;
  private long updates;

  public AdamW(Map<String, Parameter> params, NDManager manager, float weightDecay, float maxGradNorm) {
    this.params = params;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    params.forEach(
        (name, p) -> {
          m.put(name, manager.zeros(p.getArray().getShape(), DataType.FLOAT32));
          v.put(name, manager.zeros(p.getArray().getShape(), DataType.FLOAT32));
        });
  }

  /**
   * One update from the gradients the last backward pass left on the parameters, which it then
   * zeroes. Temporaries are created in {@code scratch}.
   *
   * @return the gradient norm before clipping
   */
  public double step(float lr, NDManager scratch) {
    updates++;
    Map<String, NDArray> grads = new LinkedHashMap<>();
    double sq = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray g = e.getValue().getArray().getGradient();
      g.attach(scratch);
      grads.put(e.getKey(), g);
    }
    NDArray total = null;
    for (NDArray g : grads.values()) {
      NDArray s = g.square().sum();
      s.attach(scratch);
      total = total == null ? s : total.add(s);
    }
    sq = total.getFloat();
    double norm = Math.sqrt(sq);
    if (!Double.isFinite(norm)) {
      // A non-finite gradient (seen once in ~300 UNet steps) would poison every weight and both
      // moments; skip the update, as mixed-precision grad scalers do, and let the loop log it.
      for (NDArray g : grads.values()) {
        zero(g);
      }
      return norm;
    }
    float clip = norm > maxGradNorm ? (float) (maxGradNorm / norm) : 1f;
    float bias1 = 1f - (float) Math.pow(BETA1, updates);
    float bias2 = 1f - (float) Math.pow(BETA2, updates);
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      String name = e.getKey();
      NDArray w = e.getValue().getArray();
      NDArray g = grads.get(name).mul(clip);
      g.attach(scratch);
      NDArray mi = m.get(name);
      NDArray vi = v.get(name);
      mi.muli(BETA1).addi(attach(g.mul(1 - BETA1), scratch));
      vi.muli(BETA2).addi(attach(g.square().muli(1 - BETA2), scratch));
      // every temporary must land in scratch: an op's result joins its first operand's manager, and the
      // moments live in the optimizer's, so an unattached vi.div(...) kept one full-size tensor per
      // parameter per step alive until the run ended (16 GB over the UNet recipe)
      NDArray vHat = attach(vi.div(bias2), scratch);
      NDArray update = attach(mi.div(bias1), scratch).divi(vHat.sqrt().addi(EPS));
      if (weightDecay > 0 && w.getShape().dimension() > 1) {
        update.addi(attach(w.mul(weightDecay), scratch));
      }
      // through a detached view (same storage, no autograd): an in-place update of a leaf that requires grad
      // fails on a thread whose grad mode is on, and a new thread starts with it on (DJL's gradient collector
      // restores the mode it found), as PyTorch optimizers update under no_grad
      try (NDArray data = w.stopGradient()) {
        data.subi(update.muli(lr));
      }
      grads.get(name).subi(grads.get(name));
    }
    return norm;
  }

  /** Zeroes the gradients the last backward pass left, without an update (for a step being skipped). */
  public void discard() {
    for (Parameter p : params.values()) {
      NDArray w = p.getArray();
      // the scalar zero joins the gradient handle's manager: a scope of its own, not the parameters'
      try (NDManager scratch = w.getManager().newSubManager()) {
        NDArray g = w.getGradient();
        g.attach(scratch);
        zero(g);
      }
    }
  }

  /**
   * Writes zeros into {@code a}'s own memory, over NaN and infinities too ({@code subi(a)} and {@code muli(0)}
   * keep a NaN). Not {@code a.set(float[])}: on PyTorch, DJL points the tensor at the Java direct buffer it
   * copied the floats into, which stays allocated only while that one {@code NDArray} object is open. A
   * gradient outlives the handle {@code getGradient()} returned, which closes with the step's scratch manager, so
   * autograd went on accumulating into memory the garbage collector had freed: a UNet run crashed in malloc 36
   * steps after the step it skipped for a NaN gradient (trainer/README.md).
   */
  private static void zero(NDArray a) {
    a.set(ALL, 0f);
  }

  /** Copies {@code values} into {@code a}'s own memory (see {@link #zero} for why not {@code set(float[])}). */
  private static void copyInto(NDArray a, float[] values) {
    try (NDArray source = a.getManager().create(values, a.getShape())) {
      a.set(ALL, source);
    }
  }

  private static NDArray attach(NDArray a, NDManager scratch) {
    a.attach(scratch);
    return a;
  }

  /** Number of updates made (restored from checkpoints). */
  public long updates() {
    return updates;
  }

  /** The optimizer state as named arrays ({@code m.<param>}, {@code v.<param>}), not copies. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put("m." + k, a));
    v.forEach((k, a) -> out.put("v." + k, a));
    return out;
  }

  /** Restores the moments and update count from a checkpoint. */
  public void restore(Map<String, float[]> state, long restoredUpdates) {
    for (Map.Entry<String, NDArray> e : state().entrySet()) {
      float[] values = state.get(e.getKey());
      if (values == null) {
        throw new IllegalArgumentException("optimizer checkpoint lacks " + e.getKey());
      }
      copyInto(e.getValue(), values);
    }
    this.updates = restoredUpdates;
  }
}
