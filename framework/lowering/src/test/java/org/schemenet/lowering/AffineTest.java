package org.schemenet.lowering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;

/** {@link Affine}: each coefficient kind as {@code c = constant + Σ w_j θ_j}, its sum, equality and text. */
class AffineTest {

    private static final Coefficient.Learnable A = Coefficient.learnable("a", Initialiser.uniform(0, 1));
    private static final Coefficient.Learnable B = Coefficient.learnable("b", Initialiser.uniform(0, 1));
    private static final Map<String, Integer> COLUMNS = Map.of("a", 0, "b", 1);

    @Test
    void eachCoefficientKindIsAffineInTheParameters() {
        assertEquals(new Affine(1.5, new double[]{0, 0}), Affine.of(new Coefficient.Fixed(1.5), COLUMNS, 2));
        assertEquals(new Affine(0, new double[]{0, 1}), Affine.of(B, COLUMNS, 2));
        // 1 - a - b, as an Adams step's last coefficient
        assertEquals(new Affine(1, new double[]{-1, -1}),
                Affine.of(Coefficient.Derived.oneMinusSumOf(List.of(A, B)), COLUMNS, 2));
        // a parameter without a column (it changes no combination) has weight 0
        assertEquals(new Affine(0, new double[]{0}), Affine.of(B, Map.of("a", 0), 1));
    }

    @Test
    void sumAddsConstantsAndWeights() {
        Affine sum = new Affine(0.25, new double[]{1, -2}).plus(new Affine(0.5, new double[]{-1, 0.5}));
        assertEquals(new Affine(0.75, new double[]{0, -1.5}), sum);
        assertFalse(sum.fixed());
        assertTrue(new Affine(0.75, new double[]{0, 0}).fixed());
        assertThrows(IllegalArgumentException.class, () -> sum.plus(new Affine(0, new double[1])));
    }

    @Test
    void weightsAreCopiedInAndOut() {
        double[] w = {1, 2};
        Affine a = new Affine(0, w);
        w[0] = 5;
        a.weights()[1] = 7;
        assertArrayEquals(new double[]{1, 2}, a.weights());
        assertNotEquals(a, new Affine(0, new double[]{1, 3}));
        assertEquals(a.hashCode(), new Affine(0, new double[]{1, 2}).hashCode());
    }

    @Test
    void textShowsTheFunction() {
        assertEquals("1.0 - θ0 - θ1", new Affine(1, new double[]{-1, -1}).toString());
        assertEquals("θ1", new Affine(0, new double[]{0, 1}).toString());
        assertEquals("-0.5", new Affine(-0.5, new double[0]).toString());
        assertEquals("0.5 + 2.0·θ0", new Affine(0.5, new double[]{2}).toString());
    }

    @Test
    void nonFiniteValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Affine(Double.NaN, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Affine(0, new double[]{Double.POSITIVE_INFINITY}));
    }
}
