package io.difflens.models.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.ParameterPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A golden folder: {@code config.json}, optional {@code model.safetensors}, {@code
 * inputs.safetensors}, {@code outputs.safetensors} and {@code notes.md}.
 */
public record GoldenFolder(Path dir, JsonNode config) {

  public static GoldenFolder open(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("not a golden folder (no config.json): " + dir);
    }
    return new GoldenFolder(dir, JsonFields.read(config));
  }

  /** Every tensor of {@code inputs.safetensors}, loaded into {@code manager}. */
  public Map<String, NDArray> inputs(NDManager manager) {
    return readAll(dir.resolve("inputs.safetensors"), manager);
  }

  /** Every tensor of {@code outputs.safetensors}, loaded into {@code manager}. */
  public Map<String, NDArray> outputs(NDManager manager) {
    return readAll(dir.resolve("outputs.safetensors"), manager);
  }

  /**
   * Loads {@code model.safetensors} into {@code model} (key set and shapes checked) and returns it.
   */
  public <B extends Block> B loadModel(B model, NDManager manager) {
    try (TensorSource source = Safetensors.open(dir.resolve("model.safetensors"))) {
      Checkpoints.load(ParameterPaths.of(model), source, manager, Checkpoints.Options.defaults());
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model of " + dir, e);
    }
  }

  private static Map<String, NDArray> readAll(Path file, NDManager manager) {
    try (TensorSource source = Safetensors.open(file)) {
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (String name : source.tensors().keySet()) {
        out.put(name, source.load(name, manager));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
