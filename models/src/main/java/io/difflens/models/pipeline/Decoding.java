package io.difflens.models.pipeline;

/** How the answerer picks each next token. */
public sealed interface Decoding {

  /** The arg-max token (transformers' {@code do_sample=False}). */
  record Greedy() implements Decoding {}

  /**
   * A token drawn from {@code softmax(logits / temperature)} restricted to the smallest set of most
   * likely tokens whose mass reaches {@code topP} (nucleus sampling), with the request's seed.
   */
  record Sampling(double temperature, double topP) implements Decoding {
    public Sampling {
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException("sampling temperature must be > 0, got " + temperature);
      }
      if (!(topP > 0 && topP <= 1)) {
        throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
      }
    }
  }

  /** Greedy for temperature 0, sampling otherwise. */
  static Decoding of(double temperature, double topP) {
    return temperature == 0 ? new Greedy() : new Sampling(temperature, topP);
  }
}
