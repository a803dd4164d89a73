package org.schemenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

class StabilityFunctionTest {
    private static final Function<StageWiring, ParameterValues> MEANS = ParameterValues::means;

    private static StabilityFunction of(Discretisation d) {
        return StabilityFunction.of(d, MEANS).orElseThrow();
    }

    @Test
    void eulerHasRofZEqualToOnePlusZ() {
        StabilityFunction.OneStep f = assertInstanceOf(StabilityFunction.OneStep.class, of(HandWritten.euler()));
        Complex z = new Complex(-0.3, 0.7);
        assertEquals(0.7, f.amplification(z).re(), 1e-15);
        assertEquals(0.7, f.amplification(z).im(), 1e-15);
        assertTrue(f.isStable(new Complex(-1, 0.9)));
        assertFalse(f.isStable(new Complex(0, 0.5)));
        assertFalse(f.isStable(new Complex(-2.05, 0)));
    }

    @Test
    void midpointHasTheSecondOrderTaylorPolynomial() {
        StabilityFunction.OneStep f = assertInstanceOf(StabilityFunction.OneStep.class, of(HandWritten.midpoint()));
        Complex z = new Complex(-0.8, 0.6);
        Complex expected = Complex.ONE.plus(z).plus(z.times(z).times(new Complex(0.5, 0)));
        assertEquals(expected.re(), f.amplification(z).re(), 1e-15);
        assertEquals(expected.im(), f.amplification(z).im(), 1e-15);
    }

    @Test
    void ab2IsReadOffAsALinearMultistepSchemeWithItsBoundaryLocus() {
        StabilityFunction.LinearMultistep f =
                assertInstanceOf(StabilityFunction.LinearMultistep.class, of(HandWritten.ab2()));
        assertEquals(new StabilityFunction.LinearMultistep(new double[] {1, -1, 0}, new double[] {1.5, -0.5}), f);
        // the locus meets the real axis at rho(-1)/sigma(-1) = 2 / -2 = -1, the end of the interval
        assertEquals(-1.0, f.boundaryLocus(Math.PI).re(), 1e-12);
        assertEquals(0.0, f.boundaryLocus(0).abs(), 1e-12);
        assertTrue(f.isStable(new Complex(-0.5, 0)));
        assertFalse(f.isStable(new Complex(-1.1, 0)));
        assertFalse(f.isStable(new Complex(0.05, 0)));
    }

    @Test
    void theZeroUnstableTwoStepSchemeIsUnstableEvenForTinyZ() {
        Discretisation d = HandWritten.linearMultistep("unstable", 3, new double[] {-4, 5}, new double[] {4, 2});
        assertFalse(of(d).isStable(new Complex(-0.01, 0)));
    }

    @Test
    void aStepThatEvaluatesAtACombinationIsNotLinearMultistep() {
        // y_{n+1} = y_n + f(2 y_n - y_{n-1}): an extrapolated evaluation, not of the form of a linear multistep scheme
        Discretisation d = HandWritten.of("extrapolated", 1, 1, 1, start -> {
            StageWiring.Builder b = StageWiring.builder(start);
            Value y = b.state();
            Value previous = b.pastStates().isEmpty() ? y : b.pastStates().get(0);
            while (b.unitsLeft() > 0) {
                Value f = b.evaluate(b.combine(Term.of(2, y), Term.of(-1, previous)));
                previous = y;
                y = b.step(b.combine(Term.of(1, y), Term.of(1, f)));
            }
            return b.build();
        });
        assertTrue(StabilityFunction.of(d, MEANS).isEmpty());
    }

    @Test
    void samplesTheEulerDisk() {
        boolean[][] grid = StabilityFunction.sample(of(HandWritten.euler()), -3, 1, -2, 2, 5, 5);
        // row 2 is im = 0; columns re = -3, -2, -1, 0, 1
        assertFalse(grid[2][0]);
        assertTrue(grid[2][1]);
        assertTrue(grid[2][2]);
        assertTrue(grid[2][3]);
        assertFalse(grid[2][4]);
        assertFalse(grid[0][2]); // -1 + 2i
    }
}
