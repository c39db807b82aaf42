package io.difflens.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Base of every difflens network block.
 *
 * <p>Children and parameters are registered under their <em>upstream</em> names (the diffusers /
 * transformers state-dict names such as {@code down_blocks}, {@code 0}, {@code attn2}, {@code to_q},
 * {@code weight}), in a fixed order, so that {@link ParameterPaths} can derive the exact checkpoint keys
 * from the network structure itself. Parameter shapes are fixed at construction from the config: the
 * manifest of a 7-billion-parameter model is known without allocating a byte.
 *
 * <p>Forward passes are typed Java methods on the subclasses (for example {@code NDArray forward(NDArray
 * x)}) that read {@link Parameter#getArray()}. They must keep no per-call state in fields, so that one
 * instance can serve several threads. DJL's generic {@code forward(ParameterStore, NDList, ...)} is not
 * supported unless a subclass overrides {@link #forwardInternal}.
 *
 * <p>Parameters are created without gradients: inference is the default. A trainer enables gradients on
 * the parameters it trains with {@code parameter.freeze(false)}.
 */
public abstract class Module extends AbstractBlock {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  private final LinkedHashMap<String, Block> namedChildren = new LinkedHashMap<>();
  private final LinkedHashMap<String, Parameter> namedParameters = new LinkedHashMap<>();

  protected Module() {
    super((byte) 1);
  }

  /** Registers {@code block} as a child under its upstream module name and returns it. */
  protected final <B extends Block> B child(String name, B block) {
    checkName(name);
    if (namedChildren.containsKey(name) || namedParameters.containsKey(name)) {
      throw new IllegalArgumentException(
          "duplicate child name '" + name + "' in " + getClass().getSimpleName());
    }
    namedChildren.put(name, block);
    addChildBlock(name, block);
    return block;
  }

  /** Registers a parameter of a fixed shape under its upstream name, with its random initialiser. */
  protected final Parameter param(String name, Shape shape, Initializer initializer) {
    checkName(name);
    if (namedChildren.containsKey(name) || namedParameters.containsKey(name)) {
      throw new IllegalArgumentException(
          "duplicate parameter name '" + name + "' in " + getClass().getSimpleName());
    }
    for (long d : shape.getShape()) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' of " + getClass().getSimpleName() + " has shape " + shape);
      }
    }
    Parameter p =
        Parameter.builder()
            .setName(name)
            .setType(typeOf(name))
            .optShape(shape)
            .optInitializer(initializer)
            .optRequiresGrad(false)
            .build();
    namedParameters.put(name, p);
    addParameter(p);
    return p;
  }

  /** The direct children, by upstream name, in registration order. */
  public final Map<String, Block> namedChildren() {
    return Collections.unmodifiableMap(namedChildren);
  }

  /** The direct parameters, by upstream name, in registration order. */
  public final Map<String, Parameter> namedParameters() {
    return Collections.unmodifiableMap(namedParameters);
  }

  /** Allocates every parameter not yet allocated (random initialisation), recursively. */
  public void initializeParameters(NDManager manager, DataType dataType) {
    for (Parameter p : namedParameters.values()) {
      if (!p.isInitialized()) {
        p.initialize(manager, dataType);
      }
    }
    for (Block c : namedChildren.values()) {
      if (c instanceof Module m) {
        m.initializeParameters(manager, dataType);
      } else {
        c.initialize(manager, dataType);
      }
    }
  }

  /** Input shapes are not needed: every parameter shape is known from the config. */
  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    initializeParameters(manager, dataType);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " is called through its typed forward methods");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not infer output shapes");
  }

  private static Parameter.Type typeOf(String name) {
    return switch (name) {
      case "weight" -> Parameter.Type.WEIGHT;
      case "bias" -> Parameter.Type.BIAS;
      default -> Parameter.Type.OTHER;
    };
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid module or parameter name: '" + name + "'");
    }
  }
}
