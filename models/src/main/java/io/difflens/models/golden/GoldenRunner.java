package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Map;

/** Computes, for one kind of golden folder, the outputs it can produce from the folder's inputs. */
public interface GoldenRunner {

  /**
   * Runs the model or schedule described by {@code folder} on its inputs.
   *
   * @return produced tensors under the names of {@code outputs.safetensors}; names it cannot
   *     produce are simply absent (and count as failed)
   */
  Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException;
}
