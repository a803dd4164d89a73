package org.schemenet.schemes.multistep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.schemenet.numerics.Complex;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.RootCondition;
import org.schemenet.numerics.TestProblem;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

class LinearTwoStepSchemeTest {

    private static Discretisation fixed(double k) {
        return new LinearTwoStepScheme().configure(Map.of("coefficients", "fixed", "k", Double.toString(k)));
    }

    static Stream<Arguments> fixedKOnProblems() {
        return Stream.of(-0.5, -0.05, 0.0, 0.5, 0.9)
                .flatMap(k -> TestProblem.standard().stream().map(p -> Arguments.of(k, p)));
    }

    /** The statement: with fixed k, a first-order integrator of y' = F/(1+k) (the kit measures on it). */
    @ParameterizedTest(name = "k={0} on {1}")
    @MethodSource("fixedKOnProblems")
    void withFixedKItIsFirstOrderOnTheRescaledField(double k, TestProblem p) {
        OrderEstimate o = ConformanceKit.atInitialMeans().order(fixed(k), p);
        assertTrue(o.isMeasured(), o::toString);
        assertEquals(1.0, o.order(), 0.1, o::toString);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(doubles = {-0.9, -0.5, -0.05, 0.0, 0.5, 1.0})
    void withFixedKItIsConsistentAndZeroStableWithRootsOneAndMinusK(double k) {
        // (-0.9 is zero-stable but its parasitic root 0.9 and step h/0.1 put the order runs far from
        // the asymptotic regime, so the order is checked on the other values)
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(fixed(k));
        assertTrue(r.consistency().consistent(), r::toString);
        RootCondition rc = r.rootCondition();
        assertTrue(rc.satisfied(), rc::toString);
        List<Complex> roots = rc.roots().stream().sorted(Comparator.comparingDouble(Complex::re)).toList();
        double[] expected = k < 1 ? new double[] {-k, 1.0} : new double[] {-1.0, 1.0};
        assertArrayEquals(expected, roots.stream().mapToDouble(Complex::re).sorted().toArray(), 1e-9);
        roots.forEach(z -> assertEquals(0.0, z.im(), 1e-9));
        if (k > -0.9) {
            assertTrue(r.passes(), r::toString);
            assertTrue(r.orders().stream().filter(OrderEstimate::isMeasured).count() >= 2);
        }
    }

    /** k = 1: y_{n+1} = y_{n-1} + f_n, the leapfrog on y' = F/2: second order, only weakly stable. */
    @Test
    void withKOneItIsTheLeapfrogOfSecondOrderAndOnlyWeaklyStable() {
        Discretisation d = fixed(1.0);
        assertEquals(2, d.order());
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(d);
        for (OrderEstimate o : r.orders()) {
            assertEquals(2.0, o.order(), 0.1, o::toString);
        }
        assertTrue(r.passes(), r::toString);
        assertEquals(0.0, r.stabilityInterval(), 0.01, "both roots on the unit circle: no interval");
    }

    /** Independent of the kit's time bookkeeping: y' = -y, y0 = 1 integrated over N steps of h = 1/N. */
    @Test
    void convergesToTheSolutionOfTheRescaledFieldNotTheOriginalOne() {
        double k = 0.5;
        double target = Math.exp(-1.0 / (1 + k));   // y' = -y/(1+k) at t = 1
        double previousError = Double.NaN;
        for (int n : new int[] {200, 400, 800}) {
            OdeInterpreter.Run r = OdeInterpreter.run(fixed(k).wire(new StageStart.Cold(n)),
                    y -> new double[] {-y[0]}, 1.0 / n, ParameterValues.NONE, new double[] {1.0});
            double error = Math.abs(r.output()[0] - target);
            assertTrue(error < 2.0 / n, "error " + error + " at n=" + n);
            assertTrue(Math.abs(r.output()[0] - Math.exp(-1.0)) > 0.1, "not the solution of y' = -y");
            if (!Double.isNaN(previousError)) {
                assertEquals(2.0, previousError / error, 0.1, "first order: the error halves with h");
            }
            previousError = error;
            assertEquals(1.0 / (1 + k), r.endTime(), 1e-12, "each step covers h/(1+k)");
        }
    }

    @Test
    void matchesHandComputedStepsFromAColdStart() {
        // k = 0.5, y' = 1 + y^2, y0 = 0.5, h = 0.1; cold start: y_{-1} = y0
        double k = 0.5;
        double h = 0.1;
        double y0 = 0.5;
        double y1 = (1 - k) * y0 + k * y0 + h * (1 + y0 * y0);
        double y2 = (1 - k) * y1 + k * y0 + h * (1 + y1 * y1);
        double y3 = (1 - k) * y2 + k * y1 + h * (1 + y2 * y2);
        OdeInterpreter.Run r = OdeInterpreter.run(fixed(k).wire(new StageStart.Cold(3)),
                y -> new double[] {1 + y[0] * y[0]}, h, ParameterValues.NONE, new double[] {y0});
        assertArrayEquals(new double[] {y1, y2, y3}, r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-15);
        assertArrayEquals(new double[] {h / 1.5, 2 * h / 1.5, 3 * h / 1.5}, r.times(), 1e-15);
    }

    @Test
    void afterATransitionThePreviousStateIsTheProjectedEntryState() {
        StageWiring w = fixed(0.25).wire(new StageStart.Transition(3));
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = shortcut(v0)
                v3 = 1.0*v2 + 1.0*v1    ; y1
                v4 = f1(v3)
                v5 = 0.75*v3 + 0.25*v2 + 1.0*v4    ; y2, covers h/(1.25)
                v6 = f2(v5)
                v7 = 0.75*v5 + 0.25*v3 + 1.0*v6    ; y3, covers h/(1.25)
                """, w.listing());
    }

    @Test
    void afterAColdStartThePreviousStateIsTheEntryState() {
        StageWiring w = fixed(0.25).wire(new StageStart.Cold(2));
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = 0.75*v0 + 0.25*v0 + 1.0*v1    ; y1, covers h/(1.25)
                v3 = f1(v2)
                v4 = 0.75*v2 + 0.25*v0 + 1.0*v3    ; y2, covers h/(1.25)
                """, w.listing());
    }

    @Test
    void learnableKIsOneScalarPerUnitWithRescalingOnePlusK() {
        Discretisation d = new LinearTwoStepScheme().configure(Map.of());
        StageWiring w = d.wire(new StageStart.Transition(3));
        assertEquals(List.of("unit1.k", "unit2.k"), List.copyOf(w.learnables().keySet()));
        Coefficient.Learnable k1 = w.learnables().get("unit1.k");
        assertEquals(new Initialiser.Uniform(-0.1, 0.0), k1.initialiser());
        assertFalse(k1.weightDecay());
        assertTrue(w.steps().get(1).rescaling() instanceof Coefficient.Derived);

        double h = 0.1;
        double y0 = 0.5;
        double ka = -0.08;
        double kb = 0.3;
        double y1 = y0 + h * (1 + y0 * y0);                            // the transition; P = identity
        double y2 = (1 - ka) * y1 + ka * y0 + h * (1 + y1 * y1);
        double y3 = (1 - kb) * y2 + kb * y1 + h * (1 + y2 * y2);
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {1 + y[0] * y[0]}, h,
                new ParameterValues(Map.of("unit1.k", ka, "unit2.k", kb)), new double[] {y0});
        assertArrayEquals(new double[] {y1, y2, y3}, r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-15);
        assertEquals(h + h / (1 + ka) + h / (1 + kb), r.endTime(), 1e-15);
    }

    @Test
    void learnableAtItsInitialMeanIsConsistentAndFirstOrder() {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(new LinearTwoStepScheme().configure(Map.of()));
        assertTrue(r.passes(), r::toString);
        assertTrue(r.consistency().consistent());
    }

    @Test
    void theInitialiserIsConfigurable() {
        Discretisation d = new LinearTwoStepScheme().configure(Map.of("k-low", "-0.3", "k-high", "-0.2"));
        assertEquals(new Initialiser.Uniform(-0.3, -0.2),
                d.wire(new StageStart.Cold(1)).learnables().get("unit0.k").initialiser());
    }

    @Test
    void fixedModeDefaultsToTheCentreOfTheInitialiser() {
        assertEquals(LinearTwoStep.fixed(-0.05), new LinearTwoStepScheme().configure(Map.of("coefficients", "fixed")));
    }

    @Test
    void invalidOptionsNameTheOptionAndWhatIsAllowed() {
        LinearTwoStepScheme s = new LinearTwoStepScheme();
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> s.configure(Map.of("coefficients", "fixed", "k", "1.2")));
        assertEquals("k", e.option());
        assertEquals("option 'k': 1.2 is out of range; allowed: a number in (-1.0, 1.0]", e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> s.configure(Map.of("coefficients", "fixed", "k", "-1")));
        assertEquals("option 'k': -1 is out of range; allowed: a number in (-1.0, 1.0]", e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> s.configure(Map.of("k-low", "-1")));
        assertEquals("option 'k-low': -1 is out of range; allowed: a number in (-1.0, 1.0]", e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> s.configure(Map.of("k", "0.3")));
        assertTrue(e.getMessage().contains("coefficients=fixed"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> s.configure(Map.of("k-low", "0.2", "k-high", "0.1")));
        assertEquals("k-low", e.option());
    }
}
