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
    void aStepThatEvaluatesAtACombinationIsNotLinearMultistepButHasAStepMatrix() {
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
        StabilityFunction.StepMatrix m = assertInstanceOf(StabilityFunction.StepMatrix.class, of(d));
        // carried (y_n, y_{n-1}): y_{n+1} = (1 + 2z) y_n - z y_{n-1}, so M(z) = [[1 + 2z, -z], [1, 0]]
        Complex z = new Complex(-0.3, 0.2);
        Complex[][] expected = {{Complex.ONE.plus(z.times(new Complex(2, 0))), new Complex(-z.re(), -z.im())},
            {Complex.ONE, new Complex(0, 0)}};
        assertEquals(java.util.List.of("y_n", "y_{n-1}"), m.labels());
        assertMatrix(expected, m.matrix(z));
    }

    private static void assertMatrix(Complex[][] expected, Complex[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j].re(), actual[i][j].re(), 1e-14, "M[" + i + "][" + j + "]");
                assertEquals(expected[i][j].im(), actual[i][j].im(), 1e-14, "M[" + i + "][" + j + "]");
            }
        }
    }

    private static StabilityFunction.StepMatrix stepMatrix(Discretisation d) {
        return StabilityFunction.StepMatrix.of(d, MEANS).orElseThrow();
    }

    /** Points of a 41 x 41 grid over [-3.2, 0.8] x [-2.6, 2.6], offset so that none lies on a boundary curve. */
    private static java.util.List<Complex> grid() {
        java.util.List<Complex> out = new java.util.ArrayList<>();
        for (int i = 0; i < 41; i++) {
            for (int j = 0; j < 41; j++) {
                out.add(new Complex(-3.2 + 0.1 * i + 0.0123, -2.6 + 0.13 * j + 0.0071));
            }
        }
        return out;
    }

    @Test
    void theStepMatrixOfRk4IsItsStabilityPolynomialAndGivesTheSameRegion() {
        StabilityFunction.StepMatrix m = stepMatrix(HandWritten.rk4());
        assertEquals(1, m.dimension());
        assertEquals(java.util.List.of("y_n"), m.labels());
        for (Complex z : grid()) {
            // R(z) = 1 + z + z^2/2 + z^3/6 + z^4/24, the closed form of RK4
            Complex z2 = z.times(z);
            Complex r = Complex.ONE.plus(z).plus(z2.times(new Complex(0.5, 0)))
                    .plus(z2.times(z).times(new Complex(1.0 / 6, 0))).plus(z2.times(z2).times(new Complex(1.0 / 24, 0)));
            assertEquals(r.re(), m.matrix(z)[0][0].re(), 1e-12);
            assertEquals(r.im(), m.matrix(z)[0][0].im(), 1e-12);
            assertEquals(r.abs() <= 1, m.isStable(z), z::toString);
        }
        assertInstanceOf(StabilityFunction.OneStep.class, of(HandWritten.rk4()), "the closed form is preferred");
    }

    @Test
    void theEigenvaluesOfTheStepMatrixOfAdamsBashforthAreTheRootsOfPiAndTheRegionsAgree() {
        for (Discretisation d : new Discretisation[] {HandWritten.ab2(), ConformanceKitTest.ab3()}) {
            StabilityFunction.StepMatrix m = stepMatrix(d);
            StabilityFunction.LinearMultistep lm = assertInstanceOf(StabilityFunction.LinearMultistep.class, of(d));
            assertEquals(d.historyDepth() + 1, m.dimension(), m::toString);
            for (Complex z : grid()) {
                java.util.List<Complex> roots = lm.roots(z);
                java.util.List<Complex> eigen = m.eigenvalues(z);
                for (Complex root : roots) {
                    double nearest = eigen.stream().mapToDouble(e -> e.minus(root).abs()).min().orElseThrow();
                    assertTrue(nearest < 1e-8, () -> d.description() + " z=" + z + ": root " + root + " not in " + eigen);
                }
                assertEquals(lm.isStable(z), m.isStable(z), () -> d.description() + " at z = " + z);
            }
            // the boundary locus z(theta) = rho/sigma is where M(z) has the eigenvalue e^{i theta}
            for (int k = 1; k < 12; k++) {
                double theta = 2 * Math.PI * k / 12;
                Complex zeta = new Complex(Math.cos(theta), Math.sin(theta));
                java.util.List<Complex> eigen = m.eigenvalues(lm.boundaryLocus(theta));
                assertTrue(eigen.stream().anyMatch(e -> e.minus(zeta).abs() < 1e-8), eigen::toString);
            }
        }
    }

    /** The two roots of {@code ζ² - (1 + z + 3z²/4) ζ + z²/4}, the characteristic polynomial of the PECE pair by hand. */
    private static Complex[] peceRoots(Complex z) {
        Complex b = Complex.ONE.plus(z).plus(z.times(z).times(new Complex(0.75, 0)));
        Complex c = z.times(z).times(new Complex(0.25, 0));
        Complex disc = sqrt(b.times(b).minus(c.times(new Complex(4, 0))));
        return new Complex[] {b.plus(disc).times(new Complex(0.5, 0)), b.minus(disc).times(new Complex(0.5, 0))};
    }

    private static Complex sqrt(Complex w) {
        double r = Math.sqrt(w.abs());
        double phi = Math.atan2(w.im(), w.re()) / 2;
        return new Complex(r * Math.cos(phi), r * Math.sin(phi));
    }

    @Test
    void aPredictorCorrectorHasTheStepMatrixAndRegionComputedByHand() {
        // PECE, AB2 predictor and trapezoidal corrector on y' = λy, carried (y_n, f_{n-1}), f = z y:
        //   p = y_n + 3/2 z y_n - 1/2 f_{n-1};  y_{n+1} = y_n + z/2 y_n + z/2 p = (1 + z + 3z²/4) y_n - z/4 f_{n-1}
        //   f_n = z y_n, so M(z) = [[1 + z + 3z²/4, -z/4], [z, 0]]
        Discretisation pece = HandWritten.pece();
        StabilityFunction f = of(pece);
        StabilityFunction.StepMatrix m = assertInstanceOf(StabilityFunction.StepMatrix.class, f,
                "two evaluations per step: no closed form");
        assertEquals(java.util.List.of("evaluation at position 1 of the step y_{n-1} -> y_n", "y_n"), m.labels());
        Complex z = new Complex(-0.7, 0.4);
        Complex[][] expected = {
            {new Complex(-z.re() / 4, -z.im() / 4), Complex.ONE.plus(z).plus(z.times(z).times(new Complex(0.75, 0)))},
            {new Complex(0, 0), z}};
        // rows and columns in the order of m.labels(): (f_{n-1}, y_n)
        assertMatrix(new Complex[][] {{new Complex(0, 0), z}, {expected[0][0], expected[0][1]}}, m.matrix(z));
        for (Complex point : grid()) {
            Complex[] roots = peceRoots(point);
            boolean byHand = roots[0].abs() <= 1 && roots[1].abs() <= 1;
            assertEquals(byHand, m.isStable(point), point::toString);
        }
        // its boundary, independently: for zeta = e^{i theta}, z solves (1/4 - 3 zeta/4) z^2 - zeta z + zeta^2 - zeta = 0
        for (int k = 1; k < 24; k++) {
            double theta = 2 * Math.PI * k / 24;
            Complex zeta = new Complex(Math.cos(theta), Math.sin(theta));
            Complex a = new Complex(0.25, 0).minus(zeta.times(new Complex(0.75, 0)));
            Complex b = new Complex(-zeta.re(), -zeta.im());
            Complex c = zeta.times(zeta).minus(zeta);
            Complex disc = sqrt(b.times(b).minus(a.times(c).times(new Complex(4, 0))));
            for (Complex root : new Complex[] {b.times(new Complex(-1, 0)).plus(disc), b.times(new Complex(-1, 0)).minus(disc)}) {
                Complex boundary = root.dividedBy(a.times(new Complex(2, 0)));
                java.util.List<Complex> eigen = m.eigenvalues(boundary);
                assertTrue(eigen.stream().anyMatch(e -> e.minus(zeta).abs() < 1e-8), () -> boundary + ": " + eigen);
            }
        }
        // on the real axis: z = -2 gives the double root zeta = 1 (unstable by the root condition); inside, stable
        assertTrue(m.isStable(new Complex(-1.99, 0)));
        assertFalse(m.isStable(new Complex(-2.01, 0)));
        assertEquals(2.0, ConformanceKit.atInitialMeans().stabilityInterval(pece), 1e-6);
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
