package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorInfo;
import io.difflens.models.io.TensorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads checkpoints into networks and saves networks as checkpoints, keyed by the full dotted
 * upstream parameter names (see {@code ParameterPaths}).
 *
 * <p>Loading first compares the whole key set and every shape, from the checkpoint's header alone,
 * and throws one {@link CheckpointMismatchException} listing every problem; only a checkpoint that
 * fits is read.
 */
public final class Checkpoints {

  /**
   * A renaming of legacy checkpoint keys: every key the pattern matches entirely becomes the
   * replacement (with {@code $1}-style group references), e.g. an old VAE's {@code
   * ...attentions.0.query.weight} to {@code ...attentions.0.to_q.weight}.
   */
  public record KeyRename(Pattern pattern, String replacement) {
    public KeyRename {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(replacement, "replacement");
    }

    /** A rename from a regular expression. */
    public static KeyRename of(String regex, String replacement) {
      return new KeyRename(Pattern.compile(regex), replacement);
    }
  }

  /**
   * How checkpoint keys map onto parameter names.
   *
   * @param keyPrefix prefix every relevant key carries, stripped before matching (e.g. LLaVA's
   *     {@code model.vision_tower.vision_tower.}); keys without it belong to other components of
   *     the same file and are skipped. Empty for none.
   * @param ignoredPrefixes keys (after stripping) starting with one of these are skipped, e.g. a
   *     VAE's {@code decoder.} when only the encoder is built
   * @param ignoredSuffixes keys ending with one of these are non-parameter buffers and skipped
   * @param renames applied in order to each key after stripping, before matching
   */
  public record Options(
      String keyPrefix,
      List<String> ignoredPrefixes,
      List<String> ignoredSuffixes,
      List<KeyRename> renames) {

    /** Buffers some upstream checkpoints carry that are not parameters. */
    public static final List<String> KNOWN_BUFFERS = List.of("position_ids", "rotary_emb.inv_freq");

    public Options {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      ignoredPrefixes = List.copyOf(ignoredPrefixes);
      ignoredSuffixes = List.copyOf(ignoredSuffixes);
      renames = List.copyOf(renames);
    }

    /** Options without renames. */
    public Options(String keyPrefix, List<String> ignoredPrefixes, List<String> ignoredSuffixes) {
      this(keyPrefix, ignoredPrefixes, ignoredSuffixes, List.of());
    }

    /** No prefix; the known buffers ignored. */
    public static Options defaults() {
      return new Options("", List.of(), KNOWN_BUFFERS, List.of());
    }

    /** A copy that strips {@code prefix} and skips keys without it. */
    public Options withKeyPrefix(String prefix) {
      return new Options(prefix, ignoredPrefixes, ignoredSuffixes, renames);
    }

    /** A copy that also skips keys starting with {@code prefixes}. */
    public Options withIgnoredPrefixes(String... prefixes) {
      List<String> all = new ArrayList<>(ignoredPrefixes);
      all.addAll(List.of(prefixes));
      return new Options(keyPrefix, all, ignoredSuffixes, renames);
    }

    /** A copy that also applies {@code more} renames. */
    public Options withRenames(List<KeyRename> more) {
      List<KeyRename> all = new ArrayList<>(renames);
      all.addAll(more);
      return new Options(keyPrefix, ignoredPrefixes, ignoredSuffixes, all);
    }

    String rename(String strippedKey) {
      String key = strippedKey;
      for (KeyRename r : renames) {
        Matcher m = r.pattern().matcher(key);
        if (m.matches()) {
          key = m.replaceAll(r.replacement());
        }
      }
      return key;
    }

    boolean skips(String strippedKey) {
      for (String p : ignoredPrefixes) {
        if (strippedKey.startsWith(p)) {
          return true;
        }
      }
      for (String s : ignoredSuffixes) {
        if (strippedKey.equals(s) || strippedKey.endsWith("." + s)) {
          return true;
        }
      }
      return false;
    }
  }

  private Checkpoints() {}

  /**
   * Checks that {@code source} fits {@code parameters} (names and shapes) without reading tensor
   * data, and returns the checkpoint key for each parameter name.
   *
   * @throws CheckpointMismatchException naming every missing, unexpected and mis-shaped tensor
   */
  public static Map<String, String> check(
      Map<String, Parameter> parameters, TensorSource source, Options options) {
    Map<String, TensorInfo> byName = new LinkedHashMap<>();
    Map<String, String> keyOf = new LinkedHashMap<>();
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, TensorInfo> e : source.tensors().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(options.keyPrefix())) {
        continue;
      }
      String name = options.rename(key.substring(options.keyPrefix().length()));
      if (options.skips(name)) {
        continue;
      }
      if (byName.containsKey(name)) {
        throw new IllegalArgumentException(
            "checkpoint keys " + keyOf.get(name) + " and " + key + " both map to " + name);
      }
      if (parameters.containsKey(name)) {
        byName.put(name, e.getValue());
        keyOf.put(name, key);
      } else {
        unexpected.add(key);
      }
    }
    List<String> missing = new ArrayList<>();
    List<CheckpointMismatchException.ShapeMismatch> misShaped = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      TensorInfo info = byName.get(e.getKey());
      if (info == null) {
        missing.add(options.keyPrefix() + e.getKey());
      } else if (!info.shape().equals(e.getValue().getShape())) {
        misShaped.add(
            new CheckpointMismatchException.ShapeMismatch(
                keyOf.get(e.getKey()), e.getValue().getShape(), info.shape()));
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
      throw new CheckpointMismatchException(source.toString(), missing, unexpected, misShaped);
    }
    return keyOf;
  }

  /**
   * Checks, then loads every parameter from {@code source}. Uninitialised parameters receive new
   * FLOAT32 arrays owned by {@code manager}; initialised ones are overwritten in place (their data
   * type kept), so a network can be loaded before or after {@code initializeParameters}.
   *
   * @throws CheckpointMismatchException before anything is read, if the checkpoint does not fit
   */
  public static void load(
      Map<String, Parameter> parameters, TensorSource source, NDManager manager, Options options) {
    load(parameters, source, manager, options, DataType.FLOAT32);
  }

  /**
   * {@link #load(Map, TensorSource, NDManager, Options)}, with uninitialised parameters created as
   * {@code dataType} (e.g. FLOAT16 weights for a GPU).
   */
  public static void load(
      Map<String, Parameter> parameters,
      TensorSource source,
      NDManager manager,
      Options options,
      DataType dataType) {
    Map<String, String> keyOf = check(parameters, source, options);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      Parameter param = e.getValue();
      String key = keyOf.get(e.getKey());
      if (param.isInitialized()) {
        NDArray target = param.getArray();
        try (NDManager scratch = manager.newSubManager()) {
          NDArray loaded = source.load(key, scratch);
          if (loaded.getDataType() != target.getDataType()) {
            loaded = loaded.toType(target.getDataType(), false);
          }
          target.set(loaded.toByteBuffer(false));
        }
      } else {
        // DJL refuses setArray on a parameter whose shape was fixed at construction, but
        // initialize() takes its array from the initializer: lend it one returning the tensor.
        NDArray read = source.load(key, manager);
        NDArray loaded = read.getDataType() == dataType ? read : convert(read, dataType);
        Initializer previous = param.getInitializer();
        param.setInitializer((m, shape, type) -> loaded);
        try {
          param.initialize(manager, loaded.getDataType());
        } finally {
          param.setInitializer(previous);
        }
      }
    }
  }

  private static NDArray convert(NDArray read, DataType dataType) {
    try (read) {
      return read.toType(dataType, false);
    }
  }

  /**
   * Checks, then loads every parameter of {@code root} (named by {@link ParameterPaths}).
   *
   * @throws CheckpointMismatchException before anything is read, if the checkpoint does not fit
   */
  public static void load(Block root, TensorSource source, NDManager manager, Options options) {
    load(ParameterPaths.of(root), source, manager, options);
  }

  /**
   * {@link #load(Block, TensorSource, NDManager, Options)} creating parameters as {@code dataType}.
   */
  public static void load(
      Block root, TensorSource source, NDManager manager, Options options, DataType dataType) {
    load(ParameterPaths.of(root), source, manager, options, dataType);
  }

  /** Checks names and shapes of {@code root} against {@code source} without reading tensor data. */
  public static void check(Block root, TensorSource source, Options options) {
    check(ParameterPaths.of(root), source, options);
  }

  /** Saves every parameter of {@code root} (which must be initialised) as one safetensors file. */
  public static void save(Block root, Path path, DType floatType, Map<String, String> metadata)
      throws IOException {
    save(ParameterPaths.of(root), path, floatType, metadata);
  }

  /** The parameters' current values, by name (the arrays themselves, not copies). */
  public static Map<String, NDArray> stateDict(Map<String, Parameter> parameters) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    parameters.forEach(
        (name, param) -> {
          if (!param.isInitialized()) {
            throw new IllegalStateException("parameter '" + name + "' is not initialised");
          }
          out.put(name, param.getArray());
        });
    return out;
  }

  /** Saves every (initialised) parameter as one safetensors file. */
  public static void save(
      Map<String, Parameter> parameters, Path path, DType floatType, Map<String, String> metadata)
      throws IOException {
    Safetensors.write(path, stateDict(parameters), floatType, metadata);
  }
}
