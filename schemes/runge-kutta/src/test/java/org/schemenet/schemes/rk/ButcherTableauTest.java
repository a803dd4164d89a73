package org.schemenet.schemes.rk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    @Test
    void theNamedTableauxHaveTheirClassicalOrders() {
        Map<String, Integer> known = Map.of("euler", 1, "midpoint", 2, "heun2", 2, "ralston2", 2, "kutta3", 3,
                "heun3", 3, "ssprk3", 3, "rk4", 4, "rk38", 4);
        assertEquals(known.keySet(), java.util.Set.copyOf(Tableaux.names()));
        known.forEach((name, order) -> assertEquals(order, Tableaux.named(name).order(), name));
    }

    @Test
    void theOrderConditionsRejectAPerturbedTableau() {
        // rk4 with b moved while keeping sum b = 1: consistent, but sum b_i c_i = 0.4, not 1/2
        ButcherTableau t = ButcherTableau.of("bent", Tableaux.named("rk4").a(), new double[] {0.4, 0.2, 0.2, 0.2});
        assertEquals(1, t.order());
        // kutta3 with a_32 changed (row sum kept): order 2, since sum b_i a_ij c_j != 1/6
        ButcherTableau u = ButcherTableau.of("bent3", new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-0.5, 1.5, 0}},
                new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6});
        assertEquals(2, u.order());
    }

    @Test
    void aNonExplicitTableauIsRejectedNamingTheRuleAndTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ButcherTableau.of("x", new double[][] {{0, 0}, {0.5, 0.1}}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("strictly lower triangular"), e.getMessage());
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("a[2][2] = 0.1"), e.getMessage());
    }

    @Test
    void weightsThatDoNotSumToOneAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ButcherTableau.of("x", new double[][] {{0, 0}, {0.5, 0}}, new double[] {0.5, 0.4}));
        assertTrue(e.getMessage().contains("'sum of b = 1'"), e.getMessage());
        assertTrue(e.getMessage().contains("0.9"), e.getMessage());
    }

    @Test
    void nodesThatAreNotTheRowSumsAreRejectedNamingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("x", new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-1, 2, 0}},
                        new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 0.9}));
        assertTrue(e.getMessage().contains("'row sum of a = c' violated in row 3"), e.getMessage());
        // within 1e-12 is accepted
        new ButcherTableau("y", new double[][] {{0, 0}, {0.5, 0}}, new double[] {0, 1}, new double[] {0, 0.5 + 1e-13});
    }

    @Test
    void shapesMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ButcherTableau.of("x", new double[][] {{0, 0}, {0.5}}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ButcherTableau.of("x", new double[][] {{0}}, new double[] {0.5, 0.5}));
        assertTrue(e.getMessage().contains("a has 1 rows"), e.getMessage());
    }

    @Test
    void isAnImmutableValue() {
        ButcherTableau t = Tableaux.named("midpoint");
        double[][] a = t.a();
        a[1][0] = 7;
        assertEquals(0.5, t.a(1, 0));
        assertEquals(Tableaux.named("midpoint"), ButcherTableau.of("midpoint", new double[][] {{0, 0}, {0.5, 0}},
                new double[] {0, 1}));
    }
}
