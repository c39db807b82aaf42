package io.difflens.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A training checkpoint in {@code <out>/checkpoint/}: {@code weights.safetensors} (the trainable
 * parameters, fp32), {@code optimizer.safetensors} (AdamW moments) and {@code state.json} (step,
 * seed, optimizer update count). The data order and noise need no saved RNG state: they are a pure
 * function of (seed, step), recorded in {@code state.json}. {@code state.json} is written last, so a
 * checkpoint interrupted while being written is never taken for a complete one.
 */
public final class CheckpointFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code state.json} records. */
  public record State(int step, long seed, long updates) {}

  private CheckpointFiles() {}

  public static Path folder(Path out) {
    return out.resolve("checkpoint");
  }

  public static void save(Path out, Map<String, Parameter> params, AdamW optimizer, State state)
      throws IOException {
    Path dir = folder(out);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("state.json"));
    Checkpoints.save(params, dir.resolve("weights.safetensors"), DType.F32, Map.of());
    Safetensors.write(dir.resolve("optimizer.safetensors"), optimizer.state(), DType.F32, Map.of());
    ObjectNode json = JSON.createObjectNode();
    json.put("step", state.step()).put("seed", state.seed()).put("updates", state.updates());
    Path tmp = dir.resolve("state.json.tmp");
    Files.writeString(tmp, json.toPrettyString());
    Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The complete checkpoint in {@code out}, if any. */
  public static Optional<State> read(Path out) throws IOException {
    Path file = folder(out).resolve("state.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode n = JSON.readTree(file.toFile());
    return Optional.of(
        new State(n.path("step").asInt(), n.path("seed").asLong(), n.path("updates").asLong()));
  }

  /** Loads weights and optimizer moments saved by {@link #save}. */
  public static void restore(
      Path out, Map<String, Parameter> params, AdamW optimizer, State state, NDManager manager)
      throws IOException {
    Path dir = folder(out);
    try (TensorSource weights = Safetensors.open(dir.resolve("weights.safetensors"))) {
      Checkpoints.load(params, weights, manager, Checkpoints.Options.defaults());
    }
    Map<String, float[]> moments = new HashMap<>();
    try (TensorSource opt = Safetensors.open(dir.resolve("optimizer.safetensors"));
        NDManager scratch = manager.newSubManager()) {
      for (String name : opt.tensors().keySet()) {
        NDArray a = opt.load(name, scratch);
        moments.put(name, a.toFloatArray());
      }
    }
    optimizer.restore(moments, state.updates());
  }
}
