package io.difflens.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic with a constant, safe under autograd. Use these instead of DJL's {@code NDArray.mul(Number)},
 * {@code div(Number)}, {@code add(Number)}, {@code pow(Number)} in any code a backward pass can reach.
 *
 * <p>Why: DJL's PyTorch engine wraps the number in a tensor over a Java direct buffer (zero-copy) and closes
 * that tensor as soon as the operation returns. Autograd keeps it for the backward pass (a product saves
 * its other factor, a power its exponent); once the garbage collector frees the buffer, the backward pass
 * reads whatever the memory now holds. Reproduced with DJL 0.36 / PyTorch 2.7.1: the gradient of {@code
 * sum(3x)} came out as 777 (a value written into a reused buffer) in 200 of 200 trials with a collection
 * between forward and backward; in training it gave non-finite steps and, we believe, the native heap
 * corruption that crashed long runs. Here the constant is made by {@code NDManager.full}: its memory
 * belongs to PyTorch, so the saved tensor keeps it alive.
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-d tensor of {@code like}'s type and device holding {@code value}, its memory owned by PyTorch. */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }

  public static NDArray mul(NDArray x, float value) {
    return apply(x, value, NDArray::mul);
  }

  public static NDArray div(NDArray x, float value) {
    return apply(x, value, NDArray::div);
  }

  public static NDArray add(NDArray x, float value) {
    return apply(x, value, NDArray::add);
  }

  public static NDArray pow(NDArray x, float exponent) {
    return apply(x, exponent, NDArray::pow);
  }

  /** {@code op(x, value)} with the constant closed afterwards (the saved tensor keeps its memory alive). */
  private static NDArray apply(NDArray x, float value, BinaryOperator<NDArray> op) {
    try (NDArray c = of(x, value)) {
      return op.apply(x, c);
    }
  }
}
