package org.schemenet.schemes.adams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.TestProblem;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;

class AdamsSchemeTest {

    private static Discretisation adams(int k, String coefficients) {
        return new AdamsScheme().configure(Map.of("k", Integer.toString(k), "coefficients", coefficients));
    }

    /** The step coefficients of a step's combine node: beta_j in order, the state term (1.0) left out. */
    private static double[] betas(StageWiring w, int step, ParameterValues p) {
        Node.Combine c = (Node.Combine) w.node(w.steps().get(step).state());
        List<Term> terms = c.terms();
        assertEquals(1.0, terms.get(0).coefficient().value(p), 0.0, "first term is 1·y_n");
        return terms.subList(1, terms.size()).stream().mapToDouble(t -> t.coefficient().value(p)).toArray();
    }

    static Stream<Arguments> fixedOrders() {
        return Stream.of(1, 2, 3, 4, 5, 6, 7, 8)
                .flatMap(k -> TestProblem.standard().stream().map(p -> Arguments.of(k, p)));
    }

    @ParameterizedTest(name = "AB{0} on {1}")
    @MethodSource("fixedOrders")
    void fixedAbKHasOrderK(int k, TestProblem problem) {
        OrderEstimate o = ConformanceKit.atInitialMeans().order(adams(k, "fixed"), problem);
        assertTrue(o.isMeasured(), o::toString);
        assertEquals(k, o.order(), 0.3, o::toString);
    }

    /** Every offered k, 7 and 8 included, is measured at its order on all three problems. */
    @ParameterizedTest(name = "AB{0} passes the kit")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void fixedAbKPassesTheConformanceKitOnEveryProblem(int k) {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(adams(k, "fixed"));
        assertTrue(r.passes(), r::toString);
        assertEquals(3, r.orders().stream().filter(OrderEstimate::isMeasured).count(), r::toString);
        assertEquals(k, r.nominalOrder());
    }

    @Test
    void stabilityIntervalsMatchTheKnownAdamsBashforthValues() {
        ConformanceKit kit = ConformanceKit.atInitialMeans();
        // the real stability intervals of AB1..AB4: (-2, 0), (-1, 0), (-6/11, 0), (-3/10, 0)
        assertEquals(2.0, kit.stabilityInterval(adams(1, "fixed")), 1e-6);
        assertEquals(1.0, kit.stabilityInterval(adams(2, "fixed")), 1e-6);
        assertEquals(6.0 / 11.0, kit.stabilityInterval(adams(3, "fixed")), 1e-6);
        assertEquals(0.3, kit.stabilityInterval(adams(4, "fixed")), 1e-6);
    }

    @Test
    void theFirstCharacteristicPolynomialIsZetaToTheKMinusZetaToTheKMinusOne() {
        var rc = ConformanceKit.atInitialMeans().zeroStability(adams(4, "fixed"));
        assertTrue(rc.satisfied());
        assertEquals(List.of(1.0, -1.0, 0.0, 0.0, 0.0), java.util.Arrays.stream(rc.rho()).boxed().toList());
    }

    @ParameterizedTest(name = "learnable k={0} at initial means")
    @ValueSource(ints = {2, 3, 4, 5})
    void learnableSchemesAreConsistentAtTheirInitialCoefficients(int k) {
        Discretisation d = adams(k, "learnable");
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(d);
        assertTrue(r.consistency().consistent(), r::toString);
        assertTrue(r.passes(), r::toString);
        assertEquals(k <= 3 ? 1 : k, d.order(), "paper initialisers give order 1, Adams-centred ones order k");
        for (OrderEstimate o : r.orders()) {
            assertTrue(!o.isMeasured() || o.order() >= 0.7, o::toString);
        }
    }

    @Test
    void coldStartUsesAb1ThenAb2ThenAbK() {
        StageWiring w = adams(3, "fixed").wire(new StageStart.Cold(4));
        assertEquals(4, w.steps().size());
        assertArrayEquals(new double[] {1.0}, betas(w, 0, ParameterValues.NONE));
        assertArrayEquals(new double[] {1.5, -0.5}, betas(w, 1, ParameterValues.NONE));
        assertArrayEquals(new double[] {23.0 / 12, -16.0 / 12, 5.0 / 12}, betas(w, 2, ParameterValues.NONE), 1e-15);
        assertArrayEquals(new double[] {23.0 / 12, -16.0 / 12, 5.0 / 12}, betas(w, 3, ParameterValues.NONE), 1e-15);
        // 5/12 is printed 0.4166666666666665, not ...667: the last coefficient is 1 - 23/12 + 16/12 of the rounded
        // doubles, so that the three sum to 1 exactly (AdamsBashforth.values)
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = 1.0*v0 + 1.0*v1    ; y1
                v3 = f1(v2)
                v4 = 1.0*v2 + 1.5*v3 + -0.5*v1    ; y2
                v5 = f2(v4)
                v6 = 1.0*v4 + 1.9166666666666667*v5 + -1.3333333333333333*v3 + 0.4166666666666665*v1    ; y3
                v7 = f3(v6)
                v8 = 1.0*v6 + 1.9166666666666667*v7 + -1.3333333333333333*v5 + 0.4166666666666665*v3    ; y4
                """, w.listing());
    }

    @Test
    void aTransitionHandsOverItsResidualSoTheFirstStepAfterItIsAb2() {
        StageWiring w = adams(4, "fixed").wire(new StageStart.Transition(4));
        // step 1 is the transition (AB1 on the projected entry state); then AB2 reusing f0 = v1, AB3, AB4
        assertEquals(4, w.steps().size());
        assertArrayEquals(new double[] {1.5, -0.5}, betas(w, 1, ParameterValues.NONE));
        Node.Combine second = (Node.Combine) w.node(w.steps().get(1).state());
        assertEquals(1, second.terms().get(2).value().id(), "AB2's older evaluation is the transition residual v1");
        assertArrayEquals(new double[] {23.0 / 12, -16.0 / 12, 5.0 / 12}, betas(w, 2, ParameterValues.NONE), 1e-15);
        assertArrayEquals(new double[] {55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24}, betas(w, 3, ParameterValues.NONE), 1e-15);
    }

    @Test
    void startupStepsMatchHandComputedValuesThroughTheInterpreter() {
        // y' = F(y) = 1 + y^2, y0 = 0.5, h = 0.1, k = 3, cold start
        double h = 0.1;
        double y0 = 0.5;
        double f0 = h * (1 + y0 * y0);
        double y1 = y0 + f0;                                          // AB1
        double f1 = h * (1 + y1 * y1);
        double y2 = y1 + 1.5 * f1 - 0.5 * f0;                         // AB2
        double f2 = h * (1 + y2 * y2);
        double y3 = y2 + (23 * f2 - 16 * f1 + 5 * f0) / 12;           // AB3
        double f3 = h * (1 + y3 * y3);
        double y4 = y3 + (23 * f3 - 16 * f2 + 5 * f1) / 12;           // AB3, oldest dropped
        OdeInterpreter.Run r = OdeInterpreter.run(adams(3, "fixed").wire(new StageStart.Cold(4)),
                y -> new double[] {1 + y[0] * y[0]}, h, ParameterValues.NONE, new double[] {y0});
        assertArrayEquals(new double[] {y1, y2, y3, y4},
                r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-15);
    }

    @Test
    void startupAfterATransitionMatchesHandComputedValuesThroughTheInterpreter() {
        // the shortcut is the identity in the ODE: y1 = y0 + f0 (the transition), then AB2, AB3
        double h = 0.1;
        double y0 = 0.5;
        double f0 = h * (1 + y0 * y0);
        double y1 = y0 + f0;
        double f1 = h * (1 + y1 * y1);
        double y2 = y1 + 1.5 * f1 - 0.5 * f0;
        double f2 = h * (1 + y2 * y2);
        double y3 = y2 + (23 * f2 - 16 * f1 + 5 * f0) / 12;
        OdeInterpreter.Run r = OdeInterpreter.run(adams(3, "fixed").wire(new StageStart.Transition(3)),
                y -> new double[] {1 + y[0] * y[0]}, h, ParameterValues.NONE, new double[] {y0});
        assertArrayEquals(new double[] {y1, y2, y3}, r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-15);
    }

    @Test
    void learnableStartupStepsUseFixedLowerOrderValuesThenLearnedOnes() {
        StageWiring w = adams(3, "learnable").wire(new StageStart.Cold(4));
        assertEquals(List.of("unit2.beta0", "unit2.beta1", "unit3.beta0", "unit3.beta1"),
                List.copyOf(w.learnables().keySet()));
        assertEquals(new Initialiser.Uniform(1.0, 1.1), w.learnables().get("unit2.beta0").initialiser());
        assertEquals(new Initialiser.Uniform(-1.0, -0.9), w.learnables().get("unit3.beta1").initialiser());
        ParameterValues p = new ParameterValues(Map.of("unit2.beta0", 1.2, "unit2.beta1", -0.7,
                "unit3.beta0", 0.9, "unit3.beta1", 0.3));
        assertArrayEquals(new double[] {1.0}, betas(w, 0, p));
        assertArrayEquals(new double[] {1.5, -0.5}, betas(w, 1, p));
        assertArrayEquals(new double[] {1.2, -0.7, 0.5}, betas(w, 2, p), 1e-15);
        assertArrayEquals(new double[] {0.9, 0.3, -0.2}, betas(w, 3, p), 1e-15);
        Node.Combine third = (Node.Combine) w.node(w.steps().get(2).state());
        assertTrue(third.terms().get(3).coefficient() instanceof Coefficient.Derived, "the last beta is 1 - sum");

        double h = 0.1;
        double y0 = 0.5;
        double f0 = h * (1 + y0 * y0);
        double y1 = y0 + f0;
        double f1 = h * (1 + y1 * y1);
        double y2 = y1 + 1.5 * f1 - 0.5 * f0;
        double f2 = h * (1 + y2 * y2);
        double y3 = y2 + 1.2 * f2 - 0.7 * f1 + 0.5 * f0;
        double f3 = h * (1 + y3 * y3);
        double y4 = y3 + 0.9 * f3 + 0.3 * f2 - 0.2 * f1;
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {1 + y[0] * y[0]}, h, p, new double[] {y0});
        assertArrayEquals(new double[] {y1, y2, y3, y4}, r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-14);
    }

    @Test
    void learnableInitialisersForOtherKAreCentredOnTheAdamsValues() {
        StageWiring w = adams(4, "learnable").wire(new StageStart.Warm(1, 3));
        assertEquals(3, w.learnables().size());
        double[] ab = AdamsBashforth.values(4);
        for (int j = 0; j < 3; j++) {
            Initialiser.Uniform u = (Initialiser.Uniform) w.learnables().get("unit0.beta" + j).initialiser();
            assertEquals(ab[j] - 0.05, u.low(), 1e-15);
            assertEquals(ab[j] + 0.05, u.high(), 1e-15);
        }
        assertEquals(3, new Adams(4, true).historyDepth());
    }

    @Test
    void aWarmStartRunsAbKFromItsFirstStep() {
        StageWiring w = adams(3, "fixed").wire(new StageStart.Warm(2, 2));
        assertArrayEquals(new double[] {23.0 / 12, -16.0 / 12, 5.0 / 12}, betas(w, 0, ParameterValues.NONE));
    }

    @Test
    void invalidOptionsNameTheOptionAndWhatIsAllowed() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> adams(9, "fixed"));
        assertEquals("k", e.option());
        assertTrue(e.getMessage().contains("[1, 8]"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> adams(2, "trained"));
        assertTrue(e.getMessage().contains("one of fixed, learnable"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> adams(1, "learnable"));
        assertEquals("coefficients", e.option());
    }

    @Test
    void defaultsAreTwoStepsWithFixedCoefficients() {
        assertEquals(new Adams(2, false), new AdamsScheme().configure(Map.of()));
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-15);
    }

    private static void assertArrayEquals(double[] expected, double[] actual, double tolerance) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, tolerance);
    }
}
