package io.difflens.models.golden;

/**
 * Agreement of one output tensor with its reference.
 *
 * @param name output name in {@code outputs.safetensors}
 * @param maxAbsError largest |out - ref|; infinite when the output was not produced or has another
 *     shape
 * @param relativeError ‖out − ref‖ / ‖ref‖ (Frobenius norms); infinite when not produced or
 *     mis-shaped
 * @param problem why the output could not be compared, or empty
 */
public record TensorError(String name, double maxAbsError, double relativeError, String problem) {

  public static TensorError failed(String name, String problem) {
    return new TensorError(name, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, problem);
  }

  /** Compares two arrays of the same length (flattened in the same order). */
  public static TensorError of(String name, float[] out, float[] ref) {
    if (out.length != ref.length) {
      return failed(name, "produced " + out.length + " values, reference has " + ref.length);
    }
    double maxAbs = 0;
    double diff2 = 0;
    double ref2 = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = (double) out[i] - ref[i];
      maxAbs = Math.max(maxAbs, Math.abs(d));
      diff2 += d * d;
      ref2 += (double) ref[i] * ref[i];
    }
    double rel = ref2 == 0 ? (diff2 == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff2 / ref2);
    if (Double.isNaN(maxAbs) || Double.isNaN(rel)) {
      return failed(name, "output holds NaN");
    }
    return new TensorError(name, maxAbs, rel, "");
  }

  public boolean within(double tolerance) {
    return problem.isEmpty() && relativeError <= tolerance;
  }
}
