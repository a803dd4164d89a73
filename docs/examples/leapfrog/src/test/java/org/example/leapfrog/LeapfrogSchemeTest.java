package org.example.leapfrog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.numerics.ConformanceKit;
import org.schemenet.numerics.ConformanceReport;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.OrderEstimate;
import org.schemenet.numerics.ParameterValues;
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

    @Test
    void isOnlyWeaklyStable() {
        // every z = h*lambda < 0 has a root of modulus 1 + |z| + ...: the interval is {0}; the kit
        // reports 0 up to its growth tolerance
        assertTrue(ConformanceKit.atInitialMeans().stabilityInterval(leapfrog) < 0.01);
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
