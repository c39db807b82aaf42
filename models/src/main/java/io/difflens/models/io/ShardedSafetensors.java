package io.difflens.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint split over several safetensors files, described by a Hugging Face {@code
 * *.safetensors.index.json} ({@code {"metadata": {...}, "weight_map": {tensor: file}}}). Each shard
 * is opened once; tensors are read lazily from the shard that holds them.
 */
public final class ShardedSafetensors implements TensorSource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path index;
  private final List<SafetensorsFile> shards;
  private final Map<String, SafetensorsFile> owner;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private ShardedSafetensors(
      Path index,
      List<SafetensorsFile> shards,
      Map<String, SafetensorsFile> owner,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.index = index;
    this.shards = shards;
    this.owner = owner;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens the index and every shard it names (shard paths are relative to the index's folder).
   *
   * @throws IOException if a shard is missing, or the weight map and the shards disagree
   */
  public static ShardedSafetensors open(Path indexFile) throws IOException {
    JsonNode root = JSON.readTree(indexFile.toFile());
    JsonNode weightMap = root == null ? null : root.get("weight_map");
    if (weightMap == null || !weightMap.isObject()) {
      throw new IOException(indexFile + ": no \"weight_map\" object");
    }
    Path dir = indexFile.toAbsolutePath().getParent();
    Map<String, SafetensorsFile> byFile = new LinkedHashMap<>();
    Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try {
      for (var it = weightMap.fields(); it.hasNext(); ) {
        var e = it.next();
        String file = e.getValue().asText();
        SafetensorsFile shard = byFile.get(file);
        if (shard == null) {
          shard = SafetensorsFile.open(dir.resolve(file));
          byFile.put(file, shard);
          metadata.putAll(shard.metadata());
        }
        TensorInfo info = shard.tensors().get(e.getKey());
        if (info == null) {
          throw new IOException(
              indexFile
                  + ": weight_map puts '"
                  + e.getKey()
                  + "' in "
                  + file
                  + ", which has no such tensor");
        }
        owner.put(e.getKey(), shard);
        tensors.put(e.getKey(), info);
      }
      JsonNode meta = root.get("metadata");
      if (meta != null && meta.isObject()) {
        meta.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
      }
    } catch (IOException | RuntimeException e) {
      for (SafetensorsFile shard : byFile.values()) {
        shard.close();
      }
      throw e;
    }
    return new ShardedSafetensors(
        indexFile,
        List.copyOf(byFile.values()),
        Collections.unmodifiableMap(owner),
        Collections.unmodifiableMap(tensors),
        Collections.unmodifiableMap(metadata));
  }

  /** The shard files, in the order the index first names them. */
  public List<Path> shardPaths() {
    List<Path> out = new ArrayList<>();
    shards.forEach(s -> out.add(s.path()));
    return out;
  }

  @Override
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public NDArray load(String name, NDManager manager) {
    SafetensorsFile shard = owner.get(name);
    if (shard == null) {
      throw new IllegalArgumentException(index + ": no tensor named '" + name + "'");
    }
    return shard.load(name, manager);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (SafetensorsFile shard : shards) {
      try {
        shard.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
