package org.schemenet.numerics;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * Absolute stability of a discretisation's steady-state step on Dahlquist's test equation
 * {@code y' = λy}, as a function of {@code z = hλ ∈ C}. Read off the stage wiring by running it on
 * linear fields (a complex {@code λ = a + ib} acts on R² as {@code [[a, -b], [b, a]]}), so it
 * applies to any plugin:
 *
 * <ul>
 *   <li>{@link OneStep} ({@code historyDepth() == 0}, e.g. Runge–Kutta): {@code y_1 = R(z) y_0};
 *       stable iff {@code |R(z)| <= 1};</li>
 *   <li>{@link LinearMultistep} (one evaluation per step at the current state):
 *       {@code y_{n+1} = Σ_j α_j y_{n-j} + Σ_j β_j f_{n-j}}; stable iff every root of
 *       {@code π(ζ; z) = ρ(ζ) - z σ(ζ)} has {@code |ζ| <= 1}; its boundary locus is
 *       {@code z(θ) = ρ(e^{iθ}) / σ(e^{iθ})}.</li>
 * </ul>
 */
public sealed interface StabilityFunction {

    /** Whether {@code z} lies in the region of absolute stability. */
    boolean isStable(Complex z);

    /**
     * The stability function of {@code d}'s steady-state step with learnable coefficients from
     * {@code parameters}, or empty when the step is neither one-step nor linear multistep.
     */
    static Optional<StabilityFunction> of(Discretisation d, Function<StageWiring, ParameterValues> parameters) {
        if (d.historyDepth() == 0) {
            return Optional.of(OneStep.of(d, parameters));
        }
        if (d.evaluationsPerStep() == 1) {
            return LinearMultistep.of(d, parameters).map(lm -> lm);
        }
        return Optional.empty();
    }

    /** {@code R(z)}, the stability function of a one-step scheme, evaluated by running one step. */
    record OneStep(StageWiring wiring, ParameterValues values) implements StabilityFunction {

        static OneStep of(Discretisation d, Function<StageWiring, ParameterValues> parameters) {
            StageWiring w = d.wire(new StageStart.Warm(d.evaluationsPerStep(), 0));
            return new OneStep(w, parameters.apply(w));
        }

        /** {@code R(z) = y_1 / y_0} for {@code y' = λy}, {@code h = 1}, {@code λ = z}. */
        public Complex amplification(Complex z) {
            OdeInterpreter.Run r = OdeInterpreter.run(wiring, rotationScaling(z), 1.0, values, input -> {
                if (input.role() == Node.Role.STATE && input.lag() == 0) {
                    return new double[] {1, 0};
                }
                throw new IllegalStateException("a one-step wiring asked for " + input);
            });
            double[] y = r.states().get(0);
            return new Complex(y[0], y[1]);
        }

        @Override
        public boolean isStable(Complex z) {
            return amplification(z).abs() <= 1 + 1e-12;
        }
    }

    /**
     * A linear multistep step {@code y_{n+1} = Σ_{j=0}^{m-1} α_j y_{n-j} + Σ_{j=0}^{m-1} β_j f_{n-j}},
     * with {@code ρ(ζ) = ζ^m - Σ α_j ζ^{m-1-j}} and {@code σ(ζ) = Σ β_j ζ^{m-1-j}} (highest power first).
     */
    record LinearMultistep(double[] rho, double[] sigma) implements StabilityFunction {

        public LinearMultistep {
            rho = rho.clone();
            sigma = sigma.clone();
            if (rho.length != sigma.length + 1) {
                throw new IllegalArgumentException("rho must have one coefficient more than sigma");
            }
        }

        /**
         * Reads α and β off one warm-started step: with {@code F = 0}, unit state inputs give the α_j;
         * with zero states and unit evaluation inputs, the β_j (j >= 1); with {@code F(y) = y} and
         * {@code y_0 = 1}, {@code β_0 = y_1 - α_0}. Then checks the form on a random linear problem and
         * returns empty when the step is not linear multistep (e.g. it evaluates at a combination).
         */
        static Optional<LinearMultistep> of(Discretisation d, Function<StageWiring, ParameterValues> parameters) {
            int depth = d.historyDepth();
            int m = depth + 1;
            StageWiring w = d.wire(new StageStart.Warm(1, depth));
            ParameterValues values = parameters.apply(w);
            double[] alpha = new double[m];
            double[] beta = new double[m];
            for (int j = 0; j < m; j++) {
                int hot = j;
                alpha[j] = step(w, values, 0.0, in -> in.role() == Node.Role.STATE && in.lag() == hot ? 1 : 0);
                if (j >= 1) {
                    beta[j] = step(w, values, 0.0, in -> in.role() == Node.Role.EVALUATION && in.lag() == hot ? 1 : 0);
                }
            }
            beta[0] = step(w, values, 1.0, in -> in.role() == Node.Role.STATE && in.lag() == 0 ? 1 : 0) - alpha[0];
            // check the form on y' = λy with arbitrary history
            double lambda = -0.37;
            java.util.function.ToDoubleFunction<Node.Input> history =
                    in -> (in.role() == Node.Role.STATE ? 1.0 : lambda) * (1.0 + 0.3 * Math.sin(1.7 * in.lag() + 0.2));
            double predicted = 0;
            for (int j = 0; j < m; j++) {
                double y = history.applyAsDouble(new Node.Input(Node.Role.STATE, j));
                predicted += alpha[j] * y + beta[j] * lambda * y;
            }
            double actual = step(w, values, lambda, history);
            if (Math.abs(predicted - actual) > 1e-10 * Math.max(1, Math.abs(actual))) {
                return Optional.empty();
            }
            double[] rho = new double[m + 1];
            rho[0] = 1;
            for (int j = 0; j < m; j++) {
                rho[j + 1] = 0.0 - alpha[j]; // 0.0 - 0.0 is +0.0, not -0.0
            }
            return Optional.of(new LinearMultistep(rho, beta));
        }

        private static double step(StageWiring w, ParameterValues values, double lambda,
                                   java.util.function.ToDoubleFunction<Node.Input> inputs) {
            OdeInterpreter.Run r = OdeInterpreter.run(w, y -> new double[] {lambda * y[0]}, 1.0, values,
                    in -> new double[] {inputs.applyAsDouble(in)});
            return r.states().get(0)[0];
        }

        /** The point {@code z(θ) = ρ(e^{iθ}) / σ(e^{iθ})} of the boundary locus. */
        public Complex boundaryLocus(double theta) {
            Complex zeta = new Complex(Math.cos(theta), Math.sin(theta));
            return evaluate(rho, zeta).dividedBy(evaluate(sigma, zeta));
        }

        /** The roots of {@code π(ζ; z) = ρ(ζ) - z σ(ζ)}. */
        public List<Complex> roots(Complex z) {
            Complex[] p = new Complex[rho.length];
            for (int i = 0; i < rho.length; i++) {
                Complex s = i == 0 ? new Complex(0, 0) : z.times(new Complex(sigma[i - 1], 0));
                p[i] = new Complex(rho[i], 0).minus(s);
            }
            return ComplexPolynomials.roots(p);
        }

        @Override
        public boolean isStable(Complex z) {
            return roots(z).stream().allMatch(r -> r.abs() <= 1 + 1e-9);
        }

        private static Complex evaluate(double[] p, Complex z) {
            Complex acc = new Complex(0, 0);
            for (double c : p) {
                acc = acc.times(z).plus(new Complex(c, 0));
            }
            return acc;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LinearMultistep l && java.util.Arrays.equals(rho, l.rho)
                    && java.util.Arrays.equals(sigma, l.sigma);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(rho) * 31 + java.util.Arrays.hashCode(sigma);
        }

        @Override
        public String toString() {
            return "LinearMultistep[rho=" + java.util.Arrays.toString(rho) + ", sigma="
                    + java.util.Arrays.toString(sigma) + "]";
        }
    }

    /** The real-matrix form {@code [[a, -b], [b, a]]} of multiplication by {@code z = a + ib}. */
    private static VectorField rotationScaling(Complex z) {
        return y -> new double[] {z.re() * y[0] - z.im() * y[1], z.im() * y[0] + z.re() * y[1]};
    }

    /** Samples the region on a grid: {@code stable[row][col]} for {@code z = re_col + i·im_row}. */
    static boolean[][] sample(StabilityFunction f, double reMin, double reMax, double imMin, double imMax,
                              int columns, int rows) {
        boolean[][] stable = new boolean[rows][columns];
        for (int r = 0; r < rows; r++) {
            double im = imMax - (imMax - imMin) * r / (rows - 1);
            for (int c = 0; c < columns; c++) {
                double re = reMin + (reMax - reMin) * c / (columns - 1);
                stable[r][c] = f.isStable(new Complex(re, im));
            }
        }
        return stable;
    }
}
