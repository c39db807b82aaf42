package io.difflens.evaluator.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumpySumTest {

    @Test
    void shortArraysAreSummedLeftToRight() {
        // 1e16 + 1 rounds to 1e16 (ulp there is 2), minus 1e16 gives 0; the exact mean would be 1/3
        assertThat(NumpySum.mean(new double[] {1e16, 1, -1e16})).isZero();
    }

    @Test
    void eightOrMoreUseEightAccumulatorsCombinedPairwise() {
        // 8 elements [1, 1e16, -1e16, 1, 0, 0, 0, 0]: numpy adds (1 + 1e16) = 1e16 and (-1e16 + 1) = -1e16
        // (both round to even), so the sum is 0. Left to right it would be ((1 + 1e16) - 1e16) + 1 = 1.
        assertThat(NumpySum.mean(new double[] {1, 1e16, -1e16, 1, 0, 0, 0, 0})).isZero();
    }

    @Test
    void meanOfOrdinaryValues() {
        assertThat(NumpySum.mean(new double[] {1, 2, 3, 4})).isEqualTo(2.5);
        assertThat(NumpySum.mean(new double[0])).isNaN();
    }
}
