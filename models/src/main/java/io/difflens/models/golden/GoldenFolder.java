package io.difflens.models.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A golden reference folder: {@code config.json}, {@code inputs.safetensors}, {@code
 * outputs.safetensors} and, for models, {@code model.safetensors}.
 */
public record GoldenFolder(Path dir, JsonNode config) {

  /** Reads the folder's config; the tensors are opened on demand. */
  public static GoldenFolder open(Path dir) throws IOException {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IOException(dir + " has no config.json: not a golden folder");
    }
    return new GoldenFolder(dir, new ObjectMapper().readTree(config.toFile()));
  }

  /** The inputs the outputs were computed from. */
  public TensorSource inputs() throws IOException {
    return Safetensors.open(dir.resolve("inputs.safetensors"));
  }

  /** The reference outputs. */
  public TensorSource outputs() throws IOException {
    return Safetensors.open(dir.resolve("outputs.safetensors"));
  }

  /** The model weights ({@code model.safetensors}). */
  public TensorSource weights() throws IOException {
    return Safetensors.open(dir.resolve("model.safetensors"));
  }
}
