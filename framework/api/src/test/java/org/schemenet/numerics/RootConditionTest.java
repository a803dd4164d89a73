package org.schemenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootConditionTest {

    @Test
    void findsTheRootsOfAFactoredCubic() {
        // (z - 1)(z + 0.5)(z - 0.25) = z^3 - 0.75 z^2 - 0.375 z + 0.125
        List<Complex> roots = RootCondition.roots(new double[] {1, -0.75, -0.375, 0.125}).stream()
                .sorted(Comparator.comparingDouble(Complex::re)).toList();
        assertEquals(-0.5, roots.get(0).re(), 1e-12);
        assertEquals(0.25, roots.get(1).re(), 1e-12);
        assertEquals(1.0, roots.get(2).re(), 1e-12);
        roots.forEach(r -> assertEquals(0, r.im(), 1e-12));
    }

    @Test
    void findsComplexRoots() {
        // z^2 + 1
        List<Complex> roots = RootCondition.roots(new double[] {1, 0, 1});
        roots.forEach(r -> assertEquals(1.0, r.abs(), 1e-12));
        assertEquals(0.0, roots.get(0).plus(roots.get(1)).abs(), 1e-12);
    }

    @Test
    void lmSchemeIsZeroStableExactlyForKInMinusOneToOne() {
        // y_{n+1} = (1 - k) y_n + k y_{n-1}: rho = (z - 1)(z + k)
        assertTrue(RootCondition.ofStateCoefficients(new double[] {1 - 0.5, 0.5}).satisfied());
        assertTrue(RootCondition.ofStateCoefficients(new double[] {1 + 0.05, -0.05}).satisfied());
        assertTrue(RootCondition.ofStateCoefficients(new double[] {0, 1}).satisfied()); // k = 1: roots 1, -1
        assertFalse(RootCondition.ofStateCoefficients(new double[] {2, -1}).satisfied()); // k = -1: double root 1
        assertFalse(RootCondition.ofStateCoefficients(new double[] {-0.2, 1.2}).satisfied()); // k = 1.2
    }
}
