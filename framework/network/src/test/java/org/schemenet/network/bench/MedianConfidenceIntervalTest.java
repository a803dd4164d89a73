package org.schemenet.network.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The benchmark's confidence interval of a median against tabulated order statistics. */
class MedianConfidenceIntervalTest {

    private static double[] oneTo(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n - i; // unsorted on purpose
        }
        return v;
    }

    @Test
    void orderStatisticsOfTheBinomialTable() {
        // n = 20: P(B <= 5) = 0.0207, P(B <= 6) = 0.0577, so [x_(6), x_(15)] (coverage 95.9%)
        assertArrayEquals(new double[]{6, 15}, SchemeOverheadBenchmark.medianConfidenceInterval(oneTo(20)));
        // n = 40: P(B <= 13) = 0.0192, P(B <= 14) = 0.0403, so [x_(14), x_(27)]
        assertArrayEquals(new double[]{14, 27}, SchemeOverheadBenchmark.medianConfidenceInterval(oneTo(40)));
        // n = 6: P(B = 0) = 0.0156, P(B <= 1) = 0.109, so [x_(1), x_(6)]
        assertArrayEquals(new double[]{1, 6}, SchemeOverheadBenchmark.medianConfidenceInterval(oneTo(6)));
        // n = 5: P(B = 0) = 0.031 > 0.025: no interval narrower than the range
        assertArrayEquals(new double[]{1, 5}, SchemeOverheadBenchmark.medianConfidenceInterval(oneTo(5)));
    }
}
