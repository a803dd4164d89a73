package org.schemenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

class OdeInterpreterTest {

    @Test
    void reproducesHandComputedEulerStepsExactly() {
        // y' = -2y, y0 = 1, h = 1/4: y_{n+1} = y_n - y_n/2, so 1, 0.5, 0.25, 0.125 exactly in binary
        StageWiring w = HandWritten.euler().wire(new StageStart.Cold(3));
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {-2 * y[0]}, 0.25, ParameterValues.NONE,
                new double[] {1.0});
        assertEquals(0.5, r.states().get(0)[0], 0.0);
        assertEquals(0.25, r.states().get(1)[0], 0.0);
        assertEquals(0.125, r.output()[0], 0.0);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75}, r.times(), 0.0);
    }

    @Test
    void carriesValuesInDoubleDoubleSoRoundOffDoesNotGrowWithTheStepCount() {
        // y' = 1 by Euler with h = 0.1 (in binary 0.1000000000000000055...): 1000 steps give 100.0000000000000055,
        // which is 100.0 in double; summing 0.1 a thousand times in double gives 99.9999999999986
        StageWiring w = HandWritten.euler().wire(new StageStart.Cold(1000));
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {1.0}, 0.1, ParameterValues.NONE,
                new double[] {0.0});
        double plain = 0;
        for (int i = 0; i < 1000; i++) {
            plain += 0.1;
        }
        assertTrue(Math.abs(plain - 100) > 1e-13, "the naive sum is off: " + plain);
        assertEquals(100.0, r.output()[0], 0.0);
        assertEquals(100.0, r.endTime(), 0.0);
        // a combination that cancels: (1 + 1e-16) - 1 in double is 0 (1 + 1e-16 rounds to 1); carried exactly it is 1e-16
        StageWiring cancel = HandWritten.of("cancel", 1, 1, 0, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            Value f = b.evaluate(y);
            Value sum = b.combine(Term.of(1, y), Term.of(1e-16, y));
            b.step(b.combine(Term.of(1, sum), Term.of(-1, y), Term.of(0, f)));
            return b.build();
        }).wire(new StageStart.Cold(1));
        OdeInterpreter.Run c = OdeInterpreter.run(cancel, y -> new double[] {0.0}, 1.0, ParameterValues.NONE,
                new double[] {1.0});
        assertEquals(1e-16, c.output()[0], 1e-31);
    }

    @Test
    void reproducesEulerOnARotationStepByStep() {
        // y' = (-y2, y1), y0 = (1, 0), h = 0.1, two steps, computed by hand:
        // y1 = (1, 0.1); y2 = (1 - 0.01, 0.1 + 0.1) = (0.99, 0.2)
        StageWiring w = HandWritten.euler().wire(new StageStart.Cold(2));
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {-y[1], y[0]}, 0.1, ParameterValues.NONE,
                new double[] {1.0, 0.0});
        assertArrayEquals(new double[] {1.0, 0.1}, r.states().get(0), 1e-15);
        assertArrayEquals(new double[] {0.99, 0.2}, r.output(), 1e-15);
    }

    @Test
    void aTransitionIsAnEulerStepWithAnIdentityShortcut() {
        // transition then one AB2 step: y1 = y0 + h F(y0); y2 = y1 + 3/2 h F(y1) - 1/2 h F(y0)
        StageWiring w = HandWritten.ab2().wire(new StageStart.Transition(2));
        double h = 0.5;
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {y[0] * y[0]}, h, ParameterValues.NONE,
                new double[] {1.0});
        double y1 = 1 + h * 1;
        double y2 = y1 + 1.5 * h * y1 * y1 - 0.5 * h * 1;
        assertEquals(y1, r.states().get(0)[0], 0.0);
        assertEquals(y2, r.output()[0], 1e-15);
    }

    @Test
    void learnableAndDerivedCoefficientsTakeTheGivenValues() {
        // y1 = theta * y0 + (1 - theta) * f0 ; with theta = 0.25, F(y) = 4y, h = 1: y1 = 0.25 + 0.75 * 4 = 3.25
        Coefficient.Learnable theta = Coefficient.learnable("theta", Initialiser.uniform(0, 1));
        StageWiring.Builder b = StageWiring.builder(new StageStart.Cold(1));
        Value f = b.evaluate(b.state());
        b.step(b.combine(Term.of(theta, b.state()),
                Term.of(Coefficient.Derived.oneMinusSumOf(java.util.List.of(theta)), f)));
        StageWiring w = b.build();
        OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {4 * y[0]}, 1.0,
                new ParameterValues(Map.of("theta", 0.25)), new double[] {1.0});
        assertEquals(3.25, r.output()[0], 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> OdeInterpreter.run(w, y -> y, 1.0, ParameterValues.NONE, new double[] {1.0}));
        assertEquals(0.5, ParameterValues.means(w).applyAsDouble("theta"), 0.0);
    }

    @Test
    void aRescaledStepCoversHOverTheRescaling() {
        StageWiring.Builder b = StageWiring.builder(new StageStart.Cold(2));
        Value y = b.state();
        y = b.step(b.combine(Term.of(1, y), Term.of(1, b.evaluate(y))), Coefficient.fixed(2.0));
        b.step(b.combine(Term.of(1, y), Term.of(1, b.evaluate(y))), Coefficient.fixed(4.0));
        OdeInterpreter.Run r = OdeInterpreter.run(b.build(), x -> x, 1.0, ParameterValues.NONE, new double[] {1});
        assertArrayEquals(new double[] {0.5, 0.75}, r.times(), 0.0);
    }

    @Test
    void rejectsANonPositiveStepSize() {
        StageWiring w = HandWritten.euler().wire(new StageStart.Cold(1));
        assertThrows(IllegalArgumentException.class,
                () -> OdeInterpreter.run(w, y -> y, 0.0, ParameterValues.NONE, new double[] {1}));
    }
}
