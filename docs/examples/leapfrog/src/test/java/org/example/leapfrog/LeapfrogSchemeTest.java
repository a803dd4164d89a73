package org.example.leapfrog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.numerics.TestProblem;
import org.schemenet.numerics.VectorField;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;

class LeapfrogSchemeTest {

    private final Discretisation leapfrog = new LeapfrogScheme().configure(Map.of());

    @Test
    void passesTheConformanceKitAtSecondOrder() {
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(leapfrog);
        for (OrderEstimate o : r.orders()) {
            assertEquals(2.0, o.order(), 0.1, o::toString);
        }
        assertTrue(r.consistency().consistent());
        assertTrue(r.rootCondition().satisfied(), "roots +1 and -1 are simple");
        assertTrue(r.passes(), r::toString);
    }

    /**
     * A problem the kit does not ship: Van der Pol, y1' = y2, y2' = (1 - y1^2) y2 - y1, from (2, 0). It
     * has no closed-form solution; the kit computes a reference solution itself.
     */
    @Test
    void isSecondOrderOnVanDerPolToo() {
        VectorField vanDerPol = y -> new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
        TestProblem p = TestProblem.withReferenceSolution("van der Pol", vanDerPol, new double[] {2.0, 0.0}, 1.0);
        ConformanceReport r = ConformanceKit.atInitialMeans().verify(leapfrog, List.of(p));
        assertTrue(r.passes(), () -> String.join("; ", r.failures()));
        assertEquals(2.0, r.orders().get(0).order(), 0.1, r::toString);
        // the kit's settings are public: here runs a factor 2 apart from 64 to 4096 steps, the finest four fitted
        ConformanceKit fine = ConformanceKit.atInitialMeans()
                .with(ConformanceKit.Settings.DEFAULT.withStepCounts(64, 128, 256, 512, 1024, 2048, 4096).withFitPoints(4));
        assertEquals(2.0, fine.order(leapfrog, p).order(), 0.1);
    }

    @Test
    void isOnlyWeaklyStable() {
        // for every z = h*lambda < 0 a root of zeta^2 - 2 z zeta - 1 has modulus |z| + sqrt(z^2 + 1) > 1:
        // the interval of absolute stability on the negative real axis is {0}
        assertEquals(0.0, ConformanceKit.atInitialMeans().stabilityInterval(leapfrog), 1e-6);
    }

    @Test
    void afterATransitionThePastStateIsTheProjectedEntryState() {
        assertEquals("""
                v0 = input y[-0]
                v1 = f0(v0)
                v2 = shortcut(v0)
                v3 = 1.0*v2 + 1.0*v1    ; y1
                v4 = f1(v3)
                v5 = 1.0*v2 + 2.0*v4    ; y2
                v6 = f2(v5)
                v7 = 1.0*v3 + 2.0*v6    ; y3
                """, leapfrog.wire(new StageStart.Transition(3)).listing());
    }

    @Test
    void matchesHandComputedSteps() {
        // y' = y, y0 = 1, h = 0.1, cold start: y1 = 1.1 (Euler), y2 = 1 + 2*0.1*1.1 = 1.22,
        // y3 = 1.1 + 2*0.1*1.22 = 1.344
        OdeInterpreter.Run r = OdeInterpreter.run(leapfrog.wire(new StageStart.Cold(3)), y -> y.clone(), 0.1,
                ParameterValues.NONE, new double[] {1.0});
        assertEquals(1.344, r.output()[0], 1e-12);
    }
}
