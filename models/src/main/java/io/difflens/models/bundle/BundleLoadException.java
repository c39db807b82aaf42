package io.difflens.models.bundle;

import io.difflens.models.nn.CheckpointMismatchException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A bundle's checkpoints do not fit its configs: every mismatch of every component in one message,
 * found from the checkpoint headers before any weight is read.
 */
public final class BundleLoadException extends RuntimeException {
  private final Map<BundleComponent, CheckpointMismatchException> mismatches;

  public BundleLoadException(
      String bundle, Map<BundleComponent, CheckpointMismatchException> mismatches) {
    super(
        "bundle "
            + bundle
            + ": "
            + mismatches.size()
            + " component(s) do not match their configs\n"
            + mismatches.entrySet().stream()
                .map(e -> e.getKey().folder() + "/: " + e.getValue().getMessage())
                .collect(Collectors.joining("\n")));
    this.mismatches = Collections.unmodifiableMap(new EnumMap<>(mismatches));
  }

  /** The problems of each failing component. */
  public Map<BundleComponent, CheckpointMismatchException> mismatches() {
    return mismatches;
  }
}
