package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Collects named intermediate activations during one forward pass, only those requested.
 *
 * <p>A network offers its activations under upstream-style names ({@code down_blocks.1}, {@code
 * up_blocks.0.attentions.1.transformer_blocks.0.attn2.probs}); this object keeps the ones its
 * request selects, in forward order. It is created per call and handed down the forward methods, so
 * the network itself keeps no per-call state. Kept arrays are taken out of any {@link NDScope} so
 * block-level scopes cannot free them; they belong to the input's manager.
 */
public final class ActivationCapture {

  /** Requests nothing; shared, never stores anything. */
  public static final ActivationCapture NONE = new ActivationCapture(name -> false, Set.of());

  private final Predicate<String> wanted;
  private final Set<String> explicit;
  private final Map<String, NDArray> captured = new LinkedHashMap<>();
  private final Set<NDArray> held = Collections.newSetFromMap(new IdentityHashMap<>());

  private ActivationCapture(Predicate<String> wanted, Set<String> explicit) {
    this.wanted = wanted;
    this.explicit = explicit;
  }

  /** Captures exactly these names. */
  public static ActivationCapture of(Collection<String> names) {
    Set<String> set = new LinkedHashSet<>(names);
    return new ActivationCapture(set::contains, Collections.unmodifiableSet(set));
  }

  /** Captures these names. */
  public static ActivationCapture of(String... names) {
    return of(List.of(names));
  }

  /** Captures every name the regular expression matches entirely. */
  public static ActivationCapture matching(Pattern pattern) {
    return new ActivationCapture(name -> pattern.matcher(name).matches(), Set.of());
  }

  /** Captures everything offered. */
  public static ActivationCapture all() {
    return new ActivationCapture(name -> true, Set.of());
  }

  /** Whether an activation of this name is requested (lets callers skip computing it). */
  public boolean wants(String name) {
    return wanted.test(name);
  }

  /** Keeps {@code value} under {@code name} if requested. */
  public void offer(String name, NDArray value) {
    if (wanted.test(name)) {
      keep(name, value);
    }
  }

  /** Computes and keeps a value only if requested. */
  public void offer(String name, Supplier<NDArray> value) {
    if (wanted.test(name)) {
      keep(name, value.get());
    }
  }

  private void keep(String name, NDArray value) {
    if (this == NONE) {
      return;
    }
    NDScope.unregister(value);
    captured.put(name, value);
    held.add(value);
  }

  /** Whether this array is one of the captured values (so scopes must leave it alone). */
  public boolean holds(NDArray array) {
    return held.contains(array);
  }

  /** The captured activations, in the order they were produced. */
  public Map<String, NDArray> captured() {
    return Collections.unmodifiableMap(captured);
  }

  /** Names requested explicitly (by {@link #of}) that the forward pass never offered. */
  public List<String> missing() {
    return explicit.stream().filter(n -> !captured.containsKey(n)).toList();
  }
}
