package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test access to the golden folders copied into the test resources. */
public final class GoldenFixtures {

  private GoldenFixtures() {}

  public static Path dir(String name) {
    try {
      return Path.of(GoldenFixtures.class.getResource("/golden/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static GoldenFolder open(String name) {
    try {
      return GoldenFolder.open(dir(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every input tensor, loaded into {@code manager}. */
  public static Map<String, NDArray> inputs(GoldenFolder folder, NDManager manager) {
    try (TensorSource in = folder.inputs()) {
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (String name : in.tensors().keySet()) {
        out.put(name, in.load(name, manager));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the folder's weights into {@code model} and returns it. */
  public static <B extends Block> B load(GoldenFolder folder, B model, NDManager manager) {
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(model, weights, manager, Checkpoints.Options.defaults());
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
