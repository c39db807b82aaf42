package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * Runs what one kind of golden folder describes and returns the outputs it can produce, by output
 * name.
 */
public interface GoldenRunner {

  /**
   * Outputs allocated in {@code manager}; a name missing from the result counts as a failed output.
   */
  Map<String, NDArray> run(GoldenFolder folder, NDManager manager);
}
