package io.difflens.evaluator.streams.internal;

/** A running mean: sum and count of observations. */
public record Mean(double sum, long count) {
    public static final Mean EMPTY = new Mean(0, 0);

    public Mean plus(double value) {
        return new Mean(sum + value, count + 1);
    }

    public double value() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
