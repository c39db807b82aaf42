package io.difflens.models.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.difflens.models.lora.internal.LinearPaths;
import io.difflens.models.lora.internal.LoraLinear;
import io.difflens.models.nn.Linear;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LoRA adapters loaded on one base network, of which at most one is active per call.
 *
 * <p>{@link #install} hooks every {@code Linear} of the base network once. The active adapter is
 * not a field of the network: {@link #activate} scopes it to the calling thread until the returned
 * {@link Activation} is closed, so threads sharing the network can serve different adapters at the
 * same time:
 *
 * <pre>{@code
 * try (var active = adapters.activate("v7")) {
 *   features = unet.forward(...);
 * }
 * }</pre>
 *
 * <p>{@link #merge} folds one adapter into the base weights ({@code W += alpha/r · B A}) for
 * inference without the extra products; while merged that adapter adds nothing at run time, and
 * {@link #unmerge} subtracts it again. Merging rewrites the shared weights: do it while no call is
 * running on the network.
 */
public final class LoraAdapters {
  private final Map<String, Linear> linears;
  private final Map<String, LoraAdapter> adapters = new ConcurrentHashMap<>();
  private final ThreadLocal<Selection> active = new ThreadLocal<>();
  private volatile String merged;

  private record Selection(String name, LoraAdapter adapter, boolean training) {}

  private LoraAdapters(Block base) {
    this.linears = LinearPaths.of(base);
  }

  /**
   * Hooks every {@code Linear} of {@code base}; with no adapter active the network computes exactly
   * as before.
   */
  public static LoraAdapters install(Block base) {
    LoraAdapters adapters = new LoraAdapters(base);
    adapters.linears.forEach(
        (path, linear) -> {
          if (linear.adapter() != null) {
            throw new IllegalStateException(
                "Linear '" + path + "' already has an adapter installed");
          }
          linear.setAdapter((x, y) -> adapters.apply(path, x, y));
        });
    return adapters;
  }

  /** Removes the hooks (unmerge first if something is merged). */
  public void uninstall() {
    if (merged != null) {
      throw new IllegalStateException(
          "adapter '" + merged + "' is merged: unmerge it before uninstalling");
    }
    linears.values().forEach(l -> l.setAdapter(null));
  }

  /** Adds (or replaces) an adapter under {@code name}. */
  public void add(String name, LoraAdapter adapter) {
    if (name.equals(merged)) {
      throw new IllegalStateException(
          "adapter '" + name + "' is merged: unmerge it before replacing it");
    }
    adapter.checkFits(linears);
    adapters.put(name, adapter);
  }

  /** Removes the adapter {@code name} and returns it (or {@code null}). */
  public LoraAdapter remove(String name) {
    if (name.equals(merged)) {
      throw new IllegalStateException(
          "adapter '" + name + "' is merged: unmerge it before removing it");
    }
    return adapters.remove(name);
  }

  public Set<String> names() {
    return Set.copyOf(adapters.keySet());
  }

  /** Activates {@code name} for inference on the calling thread until the activation is closed. */
  public Activation activate(String name) {
    return activate(name, false);
  }

  /** Activates {@code name} with its dropout, for a training step on the calling thread. */
  public Activation activateForTraining(String name) {
    return activate(name, true);
  }

  private Activation activate(String name, boolean training) {
    LoraAdapter adapter = adapters.get(name);
    if (adapter == null) {
      throw new IllegalArgumentException("no adapter '" + name + "', loaded: " + adapters.keySet());
    }
    Selection previous = active.get();
    active.set(new Selection(name, adapter, training));
    return new Activation(previous);
  }

  /** Restores the previous selection of the thread when closed. */
  public final class Activation implements AutoCloseable {
    private final Selection previous;

    private Activation(Selection previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        active.remove();
      } else {
        active.set(previous);
      }
    }
  }

  /** Adds {@code name}'s update to the base weights. One adapter can be merged at a time. */
  public synchronized void merge(String name) {
    if (merged != null) {
      throw new IllegalStateException("adapter '" + merged + "' is already merged");
    }
    fold(name, +1f);
    merged = name;
  }

  /**
   * Subtracts the merged adapter's update from the base weights again (equal up to float rounding).
   */
  public synchronized void unmerge() {
    if (merged == null) {
      throw new IllegalStateException("no adapter is merged");
    }
    fold(merged, -1f);
    merged = null;
  }

  /** The merged adapter's name, or {@code null}. */
  public String merged() {
    return merged;
  }

  private void fold(String name, float sign) {
    LoraAdapter adapter = adapters.get(name);
    if (adapter == null) {
      throw new IllegalArgumentException("no adapter '" + name + "', loaded: " + adapters.keySet());
    }
    float scale = sign * adapter.config().scaling();
    adapter
        .layers()
        .forEach(
            (path, l) -> {
              NDArray w = linears.get(path).weight().getArray();
              try (NDArray product =
                      l.loraB().weight().getArray().matMul(l.loraA().weight().getArray()); // (out, in)
                  NDArray update = product.toType(w.getDataType(), true)) { // an F32 file on F16 weights
                update.muli(scale);
                w.addi(update);
              }
            });
  }

  private NDArray apply(String path, NDArray x, NDArray y) {
    Selection s = active.get();
    if (s == null || s.name().equals(merged)) {
      return y;
    }
    LoraLinear layer = s.adapter().layers().get(path);
    if (layer == null) {
      return y;
    }
    LoraConfig c = s.adapter().config();
    return y.add(layer.delta(x, c.scaling(), c.dropout(), s.training()));
  }
}
