package org.schemenet.numerics;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * An initial-value problem {@code y' = F(y)} with a known solution, defined on an interval around
 * {@code t = 0}: the conformance kit integrates it from {@code t = 0} to {@link #endTime} and, for
 * warm starts, reads exact history from {@code exact} at negative times. So {@code exact(t)} must
 * hold for negative {@code t} too, at least down to {@code -endTime}; multistep schemes whose steps
 * cover more than {@code h} (a rescaling below 1) reach a little further back.
 *
 * <p>With no closed-form solution, {@link #withReferenceSolution} computes one numerically
 * ({@link ReferenceSolution}, accurate to about the last digit of a double).
 *
 * @param name    short name for reports
 * @param field   {@code F}
 * @param exact   {@code y(t)}, valid for {@code t} in {@code [-endTime, endTime]} at least
 * @param endTime the time the order runs integrate to
 */
public record TestProblem(String name, VectorField field, DoubleFunction<double[]> exact, double endTime) {

    public TestProblem {
        if (name == null || field == null || exact == null || !(endTime > 0)) {
            throw new IllegalArgumentException("a test problem needs a name, a field, an exact solution and endTime > 0");
        }
    }

    public double[] initialValue() {
        return exact.apply(0);
    }

    /**
     * Linear, rotation and decay: {@code y' = A y}, {@code A = [[a, -b], [b, a]]} with a = -0.5,
     * b = 1; {@code y(t) = e^{at} (cos bt, sin bt)}.
     */
    public static TestProblem rotationDecay() {
        double a = -0.5;
        double b = 1.0;
        return new TestProblem("linear rotation-decay",
                y -> new double[] {a * y[0] - b * y[1], b * y[0] + a * y[1]},
                t -> new double[] {Math.exp(a * t) * Math.cos(b * t), Math.exp(a * t) * Math.sin(b * t)},
                1.0);
    }

    /** Riccati: {@code y' = -y^2}, {@code y(t) = 1/(2 + t)}. */
    public static TestProblem riccati() {
        return new TestProblem("riccati y'=-y^2",
                y -> new double[] {-y[0] * y[0]},
                t -> new double[] {1.0 / (2.0 + t)},
                1.0);
    }

    /**
     * Logistic: {@code y' = y(1 - y)}, {@code y(0) = 1/5}, {@code y(t) = 1/(1 + 4e^{-t})}. Started off
     * the inflection point {@code y = 1/2} on purpose: there every even derivative of the solution
     * vanishes, which cancels the leading error terms of some schemes (a cold-started AB_k looks
     * third order, AB8 looks ninth order down to round-off).
     */
    public static TestProblem logistic() {
        return new TestProblem("logistic y'=y(1-y)",
                y -> new double[] {y[0] * (1 - y[0])},
                t -> new double[] {1.0 / (1.0 + 4.0 * Math.exp(-t))},
                1.0);
    }

    /**
     * A problem without a closed-form solution: {@code y(t)} is computed from {@code y0} by a
     * high-order extrapolation integrator ({@link ReferenceSolution}), tabulated over
     * {@code [-endTime, endTime]} (and computed beyond on demand).
     *
     * @throws IllegalArgumentException when the reference solution cannot be computed there
     */
    public static TestProblem withReferenceSolution(String name, VectorField field, double[] y0, double endTime) {
        if (!(endTime > 0)) {
            throw new IllegalArgumentException("a test problem needs endTime > 0, got " + endTime);
        }
        return new TestProblem(name, field, ReferenceSolution.of(field, y0, endTime), endTime);
    }

    /** The problems {@link ConformanceKit#verify} uses. */
    public static List<TestProblem> standard() {
        return List.of(rotationDecay(), riccati(), logistic());
    }
}
