package org.schemenet.schemes.adams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamsBashforthTest {

    private static List<Fraction> over(long denominator, long... numerators) {
        return Arrays.stream(numerators).mapToObj(n -> Fraction.of(n, denominator)).toList();
    }

    @Test
    void matchesThePublishedTables() {
        // e.g. Hairer, Norsett, Wanner, Solving ODEs I, Table III.1.1; beta_0 multiplies the newest f
        assertEquals(over(1, 1), AdamsBashforth.coefficients(1));
        assertEquals(over(2, 3, -1), AdamsBashforth.coefficients(2));
        assertEquals(over(12, 23, -16, 5), AdamsBashforth.coefficients(3));
        assertEquals(over(24, 55, -59, 37, -9), AdamsBashforth.coefficients(4));
        assertEquals(over(720, 1901, -2774, 2616, -1274, 251), AdamsBashforth.coefficients(5));
        assertEquals(over(1440, 4277, -7923, 9982, -7298, 2877, -475), AdamsBashforth.coefficients(6));
        assertEquals(over(60480, 198721, -447288, 705549, -688256, 407139, -134472, 19087),
                AdamsBashforth.coefficients(7));
        assertEquals(over(120960, 434241, -1152169, 2183877, -2664477, 2102243, -1041723, 295767, -36799),
                AdamsBashforth.coefficients(8));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void coefficientsSumExactlyToOneAndSatisfyTheOrderConditions(int m) {
        List<Fraction> beta = AdamsBashforth.coefficients(m);
        assertEquals(Fraction.ONE, beta.stream().reduce(Fraction.ZERO, Fraction::plus));
        // C_q = 0 exactly: sum_j beta_j q (-j)^{q-1} = 1 for q = 1..m
        for (int q = 1; q <= m; q++) {
            Fraction sum = Fraction.ZERO;
            for (int j = 0; j < m; j++) {
                sum = sum.plus(beta.get(j).times(Fraction.of(q)).times(Fraction.of((long) Math.pow(-j, q - 1))));
            }
            assertEquals(Fraction.ONE, sum, "order condition q=" + q + " of AB" + m);
        }
        assertEquals(m, AdamsBashforth.order(AdamsBashforth.values(m), 1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theDoublesSumToOneToTheLastBitAndStayWithinAnUlpOfTheExactValues(int m) {
        double[] values = AdamsBashforth.values(m);
        List<Fraction> exact = AdamsBashforth.coefficients(m);
        Fraction sum = Fraction.ZERO;
        double absorbed = Math.ulp(values[m - 1]) / 2;
        for (int j = 0; j < m - 1; j++) {
            sum = sum.plus(Fraction.ofExactly(values[j]));
            assertEquals(exact.get(j).doubleValue(), values[j], 0.0, "beta_" + j + " is the nearest double");
            absorbed += Math.ulp(values[j]) / 2;
        }
        sum = sum.plus(Fraction.ofExactly(values[m - 1]));
        // the last one absorbs the others' rounding errors: at most half an ulp of each
        assertEquals(exact.get(m - 1).doubleValue(), values[m - 1], absorbed, "beta_" + (m - 1));
        // |sum - 1| is at most half an ulp of the last coefficient (it is the double nearest 1 - the others)
        double defect = Math.abs(sum.minus(Fraction.ONE).doubleValue());
        assertTrue(defect <= Math.ulp(values[m - 1]) / 2, "AB" + m + ": sum - 1 = " + defect);
        if (m == 8) {
            // each rounded on its own, AB8's coefficients sum to 1 - 2.6e-15
            Fraction naive = exact.stream().map(b -> Fraction.ofExactly(b.doubleValue())).reduce(Fraction.ZERO,
                    Fraction::plus);
            assertEquals(-2.6e-15, naive.minus(Fraction.ONE).doubleValue(), 0.1e-15);
        }
    }

    @Test
    void aDoubleConvertsToItsExactDyadicFraction() {
        assertEquals(Fraction.of(3, 4), Fraction.ofExactly(0.75));
        assertEquals(Fraction.of(-6), Fraction.ofExactly(-6.0));
        assertEquals(new Fraction(java.math.BigInteger.valueOf(3602879701896397L),
                java.math.BigInteger.valueOf(36028797018963968L)), Fraction.ofExactly(0.1));
    }

    @Test
    void theOrderOfPerturbedCoefficientsDropsToOne() {
        assertEquals(1, AdamsBashforth.order(new double[] {1.05, -0.05}, 1e-9));
        assertEquals(0, AdamsBashforth.order(new double[] {1.0, -0.1}, 1e-9));
        assertEquals(2, AdamsBashforth.order(new double[] {1.5, -0.5, 0.0}, 1e-9));
    }

    @Test
    void rejectsZeroSteps() {
        assertThrows(IllegalArgumentException.class, () -> AdamsBashforth.coefficients(0));
    }

    @Test
    void fractionsStayInLowestTermsWithAPositiveDenominator() {
        Fraction f = Fraction.of(6, -8);
        assertEquals(Fraction.of(-3, 4), f);
        assertEquals("-3/4", f.toString());
        assertEquals(Fraction.of(1, 12), Fraction.of(1, 3).minus(Fraction.of(1, 4)));
        assertEquals(Fraction.of(2), Fraction.of(1, 3).dividedBy(Fraction.of(1, 6)));
        assertEquals(-0.75, f.doubleValue(), 0.0);
        assertEquals(1.0 / 3.0, Fraction.of(1, 3).doubleValue(), 0.0);
        assertThrows(ArithmeticException.class, () -> Fraction.of(1, 0));
    }
}
