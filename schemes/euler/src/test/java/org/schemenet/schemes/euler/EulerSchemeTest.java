package org.schemenet.schemes.euler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.TestProblem;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.InvalidOptionException;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

class EulerSchemeTest {
    private final Discretisation euler = new EulerScheme().configure(Map.of());

    static List<TestProblem> problems() {
        return TestProblem.standard();
    }

    @ParameterizedTest
    @MethodSource("problems")
    void isFirstOrder(TestProblem p) {
        OrderEstimate o = ConformanceKit.atInitialMeans().order(euler, p);
        assertEquals(1.0, o.order(), 0.1, o::toString);
    }

    @Test
    void passesTheConformanceKit() {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(euler);
        assertTrue(r.passes(), r::toString);
        assertEquals(2.0, r.stabilityInterval(), 2e-3);
    }

    @Test
    void wiresOneUnitPerStepAndTheTransitionAsAStep() {
        StageWiring w = euler.wire(new StageStart.Transition(3));
        assertEquals(3, w.units());
        assertEquals(3, w.steps().size());
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = shortcut(v0)
                v3 = 1.0*v2 + 1.0*v1    ; y1
                v4 = f1(v3)
                v5 = 1.0*v3 + 1.0*v4    ; y2
                v6 = f2(v5)
                v7 = 1.0*v5 + 1.0*v6    ; y3
                """, w.listing());
    }

    @Test
    void matchesAHandComputedStep() {
        // y' = y + 1, y0 = 1, h = 0.5: y1 = 1 + 0.5 * 2 = 2; y2 = 2 + 0.5 * 3 = 3.5
        OdeInterpreter.Run r = OdeInterpreter.run(euler.wire(new StageStart.Cold(2)),
                y -> new double[] {y[0] + 1}, 0.5, ParameterValues.NONE, new double[] {1});
        assertEquals(3.5, r.output()[0], 0.0);
    }

    @Test
    void takesNoOptions() {
        assertThrows(InvalidOptionException.class, () -> new EulerScheme().configure(Map.of("k", "2")));
    }

    @Test
    void isFoundOnTheClassPathWithoutPf4j() {
        var schemes = org.schemenet.scheme.ClassPathSchemes.load();
        assertTrue(schemes.find("euler") instanceof EulerScheme);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schemes.find("adamz"));
        assertTrue(e.getMessage().contains("found: euler"), e.getMessage());
    }
}
