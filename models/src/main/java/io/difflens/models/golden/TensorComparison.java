package io.difflens.models.golden;

/**
 * How one produced tensor compares with its reference.
 *
 * @param maxAbsError largest |out − ref|; infinite when not produced or mis-shaped
 * @param relativeError ‖out − ref‖ / ‖ref‖ (Frobenius norms); infinite when not produced
 * @param problem why the tensor could not be compared, or {@code null}
 */
public record TensorComparison(
    String name, double maxAbsError, double relativeError, String problem) {

  /** A tensor the runner did not produce or produced with the wrong shape. */
  public static TensorComparison failed(String name, String problem) {
    return new TensorComparison(name, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, problem);
  }

  /** Compares two float arrays of equal length. */
  public static TensorComparison of(String name, float[] out, float[] ref) {
    if (out.length != ref.length) {
      return failed(name, "produced " + out.length + " values, reference has " + ref.length);
    }
    double maxAbs = 0;
    double diff2 = 0;
    double ref2 = 0;
    for (int i = 0; i < out.length; i++) {
      double d = (double) out[i] - ref[i];
      maxAbs = Math.max(maxAbs, Math.abs(d));
      diff2 += d * d;
      ref2 += (double) ref[i] * ref[i];
    }
    if (Double.isNaN(diff2)) {
      return failed(name, "produced NaN");
    }
    double rel = ref2 == 0 ? (diff2 == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff2 / ref2);
    return new TensorComparison(name, maxAbs, rel, null);
  }

  /** Whether the tensor was produced and compared. */
  public boolean produced() {
    return problem == null;
  }
}
