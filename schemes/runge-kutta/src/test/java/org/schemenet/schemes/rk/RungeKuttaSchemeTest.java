package org.schemenet.schemes.rk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
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
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

class RungeKuttaSchemeTest {

    private static Discretisation rk(String... options) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new RungeKuttaScheme().configure(m);
    }

    private static final Map<String, Integer> ORDERS = Map.of("euler", 1, "midpoint", 2, "heun2", 2, "ralston2", 2,
            "kutta3", 3, "heun3", 3, "ssprk3", 3, "rk4", 4, "rk38", 4);

    static Stream<Arguments> tableauxOnProblems() {
        return Tableaux.names().stream().flatMap(t -> TestProblem.standard().stream().map(p -> Arguments.of(t, p)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("tableauxOnProblems")
    void everyNamedTableauHasItsNominalOrder(String tableau, TestProblem p) {
        Discretisation d = rk("tableau", tableau);
        assertEquals(ORDERS.get(tableau), d.order());
        OrderEstimate o = ConformanceKit.atInitialMeans().order(d, p);
        assertTrue(o.isMeasured(), o::toString);
        assertEquals(d.order(), o.order(), 0.2, o::toString);
    }

    @ParameterizedTest(name = "{0} passes the kit")
    @ValueSource(strings = {"euler", "midpoint", "heun2", "ralston2", "kutta3", "heun3", "ssprk3", "rk4", "rk38"})
    void everyNamedTableauPassesTheConformanceKit(String tableau) {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(rk("tableau", tableau));
        assertTrue(r.passes(), r::toString);
        assertTrue(r.orders().stream().filter(OrderEstimate::isMeasured).count() >= 2, r::toString);
    }

    @Test
    void stabilityIntervalsMatchTheKnownValues() {
        ConformanceKit kit = ConformanceKit.atInitialMeans();
        // every s-stage method of order s <= 4 has stability function sum_{j<=s} z^j/j!:
        // real intervals 2 (s=1, 2), 2.5127 (s=3), 2.7853 (s=4)
        assertEquals(2.0, kit.stabilityInterval(rk("tableau", "euler")), 2e-3);
        assertEquals(2.0, kit.stabilityInterval(rk("tableau", "ralston2")), 2e-3);
        assertEquals(2.5127, kit.stabilityInterval(rk("tableau", "kutta3")), 2e-3);
        assertEquals(2.7853, kit.stabilityInterval(rk("tableau", "rk4")), 2e-3);
        assertEquals(2.7853, kit.stabilityInterval(rk("tableau", "rk38")), 2e-3);
    }

    @Test
    void oneRk4StepMatchesTheHandComputedFormula() {
        double h = 0.1;
        double y0 = 0.5;
        double k1 = h * (1 + y0 * y0);
        double u2 = y0 + k1 / 2;
        double k2 = h * (1 + u2 * u2);
        double u3 = y0 + k2 / 2;
        double k3 = h * (1 + u3 * u3);
        double u4 = y0 + k3;
        double k4 = h * (1 + u4 * u4);
        double y1 = y0 + (k1 + 2 * k2 + 2 * k3 + k4) / 6;
        OdeInterpreter.Run r = OdeInterpreter.run(rk().wire(new StageStart.Cold(4)),
                y -> new double[] {1 + y[0] * y[0]}, h, ParameterValues.NONE, new double[] {y0});
        assertEquals(1, r.states().size());
        assertEquals(y1, r.output()[0], 1e-15);
        assertEquals(h, r.endTime(), 0.0);
    }

    @Test
    void aTransitionStageIsTheTransitionThenWholeSteps() {
        StageWiring w = rk("tableau", "midpoint").wire(new StageStart.Transition(3));
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = shortcut(v0)
                v3 = 1.0*v2 + 1.0*v1    ; y1
                v4 = f1(v3)
                v5 = 1.0*v3 + 0.5*v4
                v6 = f2(v5)
                v7 = 1.0*v3 + 1.0*v6    ; y2
                """, w.listing());
    }

    @Test
    void aColdStageWithOneUnitOverABlockStartsWithAnEulerStep() {
        StageWiring w = rk("tableau", "rk4").wire(new StageStart.Cold(5));
        assertEquals(2, w.steps().size());
        assertEquals(5, w.units());
        // y' = y + 1, y0 = 1, h = 0.5: Euler y1 = 1 + 0.5*2 = 2, then one RK4 step from 2
        double h = 0.5;
        double y1 = 2.0;
        double k1 = h * (y1 + 1);
        double k2 = h * (y1 + k1 / 2 + 1);
        double k3 = h * (y1 + k2 / 2 + 1);
        double k4 = h * (y1 + k3 + 1);
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {y[0] + 1}, h, ParameterValues.NONE,
                new double[] {1.0});
        assertArrayEquals(new double[] {y1, y1 + (k1 + 2 * k2 + 2 * k3 + k4) / 6},
                r.states().stream().mapToDouble(s -> s[0]).toArray(), 1e-15);
        assertEquals(2, rk("tableau", "rk4").wire(new StageStart.Cold(8)).steps().size());
    }

    @Test
    void unitCountsThatDoNotFitListTheValidOnes() {
        Discretisation d = rk("tableau", "rk4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.wire(new StageStart.Transition(6)));
        assertTrue(e.getMessage().contains("(1, 5, 9, 13, 17, ...), not 6"), e.getMessage());
        assertTrue(e.getMessage().contains("depth 6n+2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.wire(new StageStart.Cold(6)));
        assertTrue(e.getMessage().contains("(1, 4, 5, 8, 9, 12, ...), not 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.wire(new StageStart.Warm(5, 0)));
        assertTrue(e.getMessage().contains("(4, 8, 12, 16, ...), not 5"), e.getMessage());
        assertEquals(2, d.wire(new StageStart.Transition(5)).steps().size());
        // one stage per step: every count fits
        assertEquals(3, rk("tableau", "euler").wire(new StageStart.Transition(3)).steps().size());
    }

    @Test
    void aCustomTableauInArraySyntaxIsTheSameSchemeAsTheNamedOne() {
        Discretisation custom = rk("tableau", "custom", "a", "[[0, 0], [0.5, 0]]", "b", "[0, 1]");
        assertEquals(rk("tableau", "midpoint").wire(new StageStart.Cold(4)).listing(),
                custom.wire(new StageStart.Cold(4)).listing());
        Discretisation rk38 = rk("tableau", "custom",
                "a", "[[0,0,0,0],[1/3,0,0,0],[-1/3,1,0,0],[1,-1,1,0]]", "b", "[1/8, 3/8, 3/8, 1/8,]",
                "c", "[0, 1/3, 2/3, 1]");
        assertEquals(4, rk38.order());
        assertTrue(ConformanceKit.atInitialMeans().verify(rk38).passes());
    }

    @Test
    void aBadCustomTableauIsAnOptionErrorNamingTheRuleAndRow() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> rk("tableau", "custom", "a", "[[0,0],[0.5,0]]", "b", "[0,1]", "c", "[0,0.6]"));
        assertTrue(e.getMessage().contains("'row sum of a = c' violated in row 2"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> rk("tableau", "custom", "a", "[[0,0],[0.5,0.5]]", "b", "[0,1]"));
        assertTrue(e.getMessage().contains("strictly lower triangular"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> rk("tableau", "custom", "a", "[[0,0],[0.5 0]]", "b", "[0,1]"));
        assertEquals("a", e.option());
        assertTrue(e.getMessage().contains("expected ']' at position 13"), e.getMessage());
        // the message says how to write the array, in a TOML file too (TOML arrays may not mix integers and decimals)
        assertTrue(e.getMessage().endsWith("allowed: an array of numbers in TOML/JSON syntax, e.g. [[0.0, 0.0], [0.5, "
                + "0.0]]; fractions p/q are allowed; in a TOML file write every number with a decimal point (a = [[0.0, "
                + "0.0], [0.5, 0.0]]; TOML arrays may not mix integers and decimals) or quote the array (a = \"[[0, 0], "
                + "[1/2, 0]]\")"), e.getMessage());
        // both forms the message recommends parse
        assertEquals(2, rk("tableau", "custom", "a", "[[0.0, 0.0], [0.5, 0.0]]", "b", "[0.0, 1.0]").order());
        assertEquals(2, rk("tableau", "custom", "a", "[[0, 0], [1/2, 0]]", "b", "[0, 1]").order());
        e = assertThrows(InvalidOptionException.class, () -> rk("tableau", "custom", "a", "[[0]]"));
        assertEquals("b", e.option());
        e = assertThrows(InvalidOptionException.class, () -> rk("tableau", "rk4", "b", "[1]"));
        assertTrue(e.getMessage().contains("tableau=custom only"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> rk("tableau", "rk5"));
        assertTrue(e.getMessage().contains("euler, midpoint"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> rk("tableau", "euler", "coefficients", "learnable"));
        assertEquals("coefficients", e.option());
    }

    @Test
    void learnableWeightsAreTrainedPerStepWithTheLastOneDerived() {
        Discretisation d = rk("tableau", "heun2", "coefficients", "learnable");
        StageWiring w = d.wire(new StageStart.Transition(5));
        assertEquals(List.of("unit1.b0", "unit3.b0"), List.copyOf(w.learnables().keySet()));
        assertEquals(new Initialiser.Constant(0.5), w.learnables().get("unit1.b0").initialiser());
        // y' = 1 + y^2; transition y1 = y0 + f0; heun2 step with b = (0.8, 1 - 0.8)
        double h = 0.1;
        double y0 = 0.5;
        double y1 = y0 + h * (1 + y0 * y0);
        double k1 = h * (1 + y1 * y1);
        double u = y1 + k1;
        double k2 = h * (1 + u * u);
        double y2 = y1 + 0.8 * k1 + 0.2 * k2;
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {1 + y[0] * y[0]}, h,
                new ParameterValues(Map.of("unit1.b0", 0.8, "unit3.b0", 0.5)), new double[] {y0});
        assertEquals(y2, r.states().get(1)[0], 1e-15);
        var last = (org.schemenet.wiring.Node.Combine) w.node(w.steps().get(1).state());
        assertTrue(last.terms().get(2).coefficient() instanceof Coefficient.Derived);
    }

    @ParameterizedTest(name = "learnable {0} at its initial weights")
    @ValueSource(strings = {"midpoint", "kutta3", "rk4"})
    void learnableWeightsStartAtTheTableauAndKeepItsOrder(String tableau) {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(rk("tableau", tableau, "coefficients", "learnable"));
        assertTrue(r.passes(), r::toString);
        assertTrue(r.consistency().consistent());
    }

    @Test
    void defaultsToFixedRk4() {
        RungeKutta d = (RungeKutta) rk();
        assertEquals(Tableaux.named("rk4"), d.tableau());
        assertEquals(4, d.evaluationsPerStep());
        assertTrue(!d.learnable());
    }
}
