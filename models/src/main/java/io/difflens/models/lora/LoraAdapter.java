package io.difflens.models.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.lora.internal.LinearPaths;
import io.difflens.models.lora.internal.LoraLinear;
import io.difflens.models.nn.Checkpoints;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import io.difflens.models.nn.ParameterPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One LoRA adapter for a base network: a {@code lora_A}/{@code lora_B} pair per targeted {@code
 * Linear}, registered under the target's module path, so its parameter names are peft's saved key
 * names without prefix: {@code <module path>.lora_A.weight} ({@code [r, in]}) and {@code <module
 * path>.lora_B.weight} ({@code [out, r]}).
 *
 * <p>Key conventions on disk: peft's {@code adapter_model.safetensors} prefixes the keys with
 * {@code base_model.model.}; diffusers' {@code pytorch_lora_weights.safetensors} (diffusers ≥ 0.22,
 * peft backend) prefixes UNet keys with {@code unet.} and text-encoder keys with {@code
 * text_encoder.}. {@link #save} and {@link #load} take that prefix. Neither format stores alpha in
 * the tensors (peft keeps it in {@code adapter_config.json}); difflens writes rank, alpha, dropout
 * and the target pattern into the safetensors {@code __metadata__}.
 *
 * <p>The adapter computes nothing by itself: {@link LoraAdapters} applies it to the base network's
 * layers.
 */
public final class LoraAdapter extends Module {
  static final String META_RANK = "lora_rank";
  static final String META_ALPHA = "lora_alpha";
  static final String META_DROPOUT = "lora_dropout";
  static final String META_TARGETS = "lora_target_pattern";

  private final LoraConfig config;
  private final Map<String, LoraLinear> layers = new LinkedHashMap<>();

  private LoraAdapter(LoraConfig config, Block base) {
    this.config = config;
    LinearPaths.of(base)
        .forEach(
            (path, linear) -> {
              if (config.targets(path)) {
                layers.put(
                    path,
                    child(
                        path,
                        new LoraLinear(linear.inFeatures(), linear.outFeatures(), config.rank())));
              }
            });
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "LoRA target pattern '"
              + config.targetPattern()
              + "' matches no Linear of "
              + base.getClass().getSimpleName());
    }
  }

  /**
   * A new adapter for every {@code Linear} of {@code base} that {@code config} targets: A drawn
   * from peft's default (Kaiming-uniform, i.e. U(-1/√in, 1/√in)) with {@code seed}, B zero, so it
   * changes nothing until trained.
   */
  public static LoraAdapter create(LoraConfig config, Block base, NDManager manager, long seed) {
    LoraAdapter adapter = new LoraAdapter(config, base);
    SplittableRandom random = new SplittableRandom(seed);
    for (LoraLinear l : adapter.layers.values()) {
      Shape aShape = l.loraA().weight().getShape();
      float bound = (float) (1.0 / Math.sqrt(aShape.get(1)));
      float[] a = new float[(int) aShape.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      set(l.loraA().weight(), manager.create(a, aShape));
      set(l.loraB().weight(), manager.zeros(l.loraB().weight().getShape(), DataType.FLOAT32));
    }
    return adapter;
  }

  private static void set(Parameter p, NDArray value) {
    p.setInitializer((m, shape, type) -> value);
    p.initialize(value.getManager(), DataType.FLOAT32);
  }

  /** Loads a file written by {@link #save} (config from its metadata) for {@code base}. */
  public static LoraAdapter load(Path file, Block base, NDManager manager, String keyPrefix) {
    try (TensorSource source = Safetensors.open(file)) {
      LoraConfig config =
          configOf(source.metadata())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          file
                              + " has no difflens LoRA metadata ("
                              + META_RANK
                              + ", "
                              + META_ALPHA
                              + ", "
                              + META_TARGETS
                              + "): load it with an explicit LoraConfig"));
      return load(source, config, base, manager, keyPrefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The configuration {@link #save} wrote into a file's metadata; empty if it has none. */
  public static Optional<LoraConfig> configOf(Map<String, String> metadata) {
    if (!metadata.containsKey(META_RANK)
        || !metadata.containsKey(META_ALPHA)
        || !metadata.containsKey(META_TARGETS)) {
      return Optional.empty();
    }
    return Optional.of(
        new LoraConfig(
            (int) number(metadata, META_RANK, "0"),
            (float) number(metadata, META_ALPHA, "0"),
            (float) number(metadata, META_DROPOUT, "0"),
            metadata.get(META_TARGETS)));
  }

  private static double number(Map<String, String> metadata, String key, String absent) {
    String value = metadata.getOrDefault(key, absent);
    try {
      double v = Double.parseDouble(value);
      if (key.equals(META_RANK) && v != Math.rint(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "LoRA metadata " + key + " is '" + value + "', not " + (key.equals(META_RANK) ? "a whole number" : "a number"));
    }
  }

  /**
   * Checks, without reading a weight, that a file written by {@link #save} fits {@code base}: its metadata
   * gives a configuration, and its keys and shapes are exactly the adapter's for that configuration (a
   * {@link io.difflens.models.nn.CheckpointMismatchException} names what is missing, unexpected or
   * mis-shaped). Returns the configuration.
   */
  public static LoraConfig check(TensorSource source, Block base, String keyPrefix) {
    LoraConfig config =
        configOf(source.metadata())
            .orElseThrow(() -> new IllegalArgumentException(
                "no difflens LoRA metadata (" + META_RANK + ", " + META_ALPHA + ", " + META_TARGETS + ")"));
    Checkpoints.check(new LoraAdapter(config, base), source, Checkpoints.Options.defaults().withKeyPrefix(keyPrefix));
    return config;
  }

  /**
   * Loads a peft/diffusers LoRA file whose keys carry {@code keyPrefix}, with the given
   * hyper-parameters.
   */
  public static LoraAdapter load(
      Path file, LoraConfig config, Block base, NDManager manager, String keyPrefix) {
    try (TensorSource source = Safetensors.open(file)) {
      return load(source, config, base, manager, keyPrefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static LoraAdapter load(
      TensorSource source, LoraConfig config, Block base, NDManager manager, String keyPrefix) {
    LoraAdapter adapter = new LoraAdapter(config, base);
    Checkpoints.load(
        ParameterPaths.of(adapter),
        source,
        manager,
        Checkpoints.Options.defaults().withKeyPrefix(keyPrefix));
    return adapter;
  }

  /**
   * Saves the adapter's tensors (F32) with {@code keyPrefix} in front of every key, config in the
   * metadata.
   */
  public void save(Path file, String keyPrefix) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    Checkpoints.stateDict(ParameterPaths.of(this))
        .forEach((name, array) -> tensors.put(keyPrefix + name, array));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put(META_RANK, Integer.toString(config.rank()));
    meta.put(META_ALPHA, Float.toString(config.alpha()));
    meta.put(META_DROPOUT, Float.toString(config.dropout()));
    meta.put(META_TARGETS, config.targetPattern());
    try {
      Safetensors.write(file, tensors, DType.F32, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public LoraConfig config() {
    return config;
  }

  /** The adapted module paths and their A/B pairs. */
  public Map<String, LoraLinear> layers() {
    return Collections.unmodifiableMap(layers);
  }

  /** The trainable parameters (every A and B) by key name. */
  public Map<String, Parameter> trainableParameters() {
    return ParameterPaths.of(this);
  }

  /**
   * Throws unless every adapted path of this adapter is a {@code Linear} of the right shape in
   * {@code linears}.
   */
  void checkFits(Map<String, Linear> linears) {
    layers.forEach(
        (path, l) -> {
          Linear target = linears.get(path);
          if (target == null) {
            throw new IllegalArgumentException(
                "adapter targets '" + path + "', which is not a Linear of the base network");
          }
          if (target.inFeatures() != l.loraA().inFeatures()
              || target.outFeatures() != l.loraB().outFeatures()) {
            throw new IllegalArgumentException(
                "adapter layer '"
                    + path
                    + "' is "
                    + l.loraA().inFeatures()
                    + "->"
                    + l.loraB().outFeatures()
                    + ", the base layer is "
                    + target.inFeatures()
                    + "->"
                    + target.outFeatures());
          }
        });
  }
}
