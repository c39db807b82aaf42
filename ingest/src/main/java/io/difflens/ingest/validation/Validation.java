package io.difflens.ingest.validation;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of validating an input: either the validated value or every reason it was refused.
 *
 * @param <T> the validated value's type
 */
public sealed interface Validation<T> {

  /** A valid input. */
  record Valid<T>(T value) implements Validation<T> {
    public Valid {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A refused input with at least one reason. */
  record Invalid<T>(List<Rejection> rejections) implements Validation<T> {
    public Invalid {
      rejections = List.copyOf(rejections);
      if (rejections.isEmpty()) {
        throw new IllegalArgumentException("an invalid result needs at least one rejection");
      }
    }

    /** The first reason, the one a single-reason transport reports. */
    public Rejection first() {
      return rejections.get(0);
    }
  }

  static <T> Validation<T> valid(T value) {
    return new Valid<>(value);
  }

  static <T> Validation<T> invalid(Rejection first, Rejection... more) {
    var all = new java.util.ArrayList<Rejection>();
    all.add(first);
    all.addAll(List.of(more));
    return new Invalid<>(all);
  }

  static <T> Validation<T> invalid(List<Rejection> rejections) {
    return new Invalid<>(rejections);
  }

  /** Whether this is a {@link Valid}. */
  default boolean isValid() {
    return this instanceof Valid<T>;
  }

  /** The reasons, empty when valid. */
  default List<Rejection> rejections() {
    return this instanceof Invalid<T> invalid ? invalid.rejections() : List.of();
  }

  /** Maps the valid value, keeping the rejections of an invalid one. */
  default <R> Validation<R> map(Function<? super T, ? extends R> f) {
    if (this instanceof Valid<T> valid) {
      return new Valid<>(f.apply(valid.value()));
    }
    return new Invalid<>(rejections());
  }

  /** The valid value, or an {@link IllegalStateException} listing the rejections. */
  default T orElseThrow() {
    if (this instanceof Valid<T> valid) {
      return valid.value();
    }
    throw new IllegalStateException("invalid input: " + rejections());
  }
}
