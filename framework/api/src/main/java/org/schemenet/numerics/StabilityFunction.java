package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Node;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;

/**
 * Absolute stability of a discretisation's steady-state step on Dahlquist's test equation
 * {@code y' = λy}, as a function of {@code z = hλ ∈ C}, read off the stage wiring, so it applies
 * to any plugin.
 *
 * <p>The general method is {@link StepMatrix}: on {@code y' = λy} every evaluation is {@code z}
 * times its argument, so one step maps the values it carries to the next step (states, reused
 * evaluations, anything a later step reads) linearly, {@code c_{n+1} = M(z) c_n}, with entries
 * polynomial in {@code z}. The region of absolute stability is where every eigenvalue of
 * {@code M(z)} has modulus at most 1 and those on the unit circle are simple (the root condition).
 * This covers Runge–Kutta, linear multistep, predictor–corrector and any other linear wiring.
 *
 * <p>Two families have closed forms, which {@link #of} returns when they apply (tests check they
 * agree with {@code M(z)}):
 * <ul>
 *   <li>{@link OneStep} (one carried value, e.g. Runge–Kutta): {@code M(z) = R(z)}, {@code y_1 = R(z) y_0};</li>
 *   <li>{@link LinearMultistep} (one evaluation per step at the current state):
 *       {@code y_{n+1} = Σ_j α_j y_{n-j} + Σ_j β_j f_{n-j}}; the eigenvalues of {@code M(z)} are the
 *       roots of {@code π(ζ; z) = ρ(ζ) - z σ(ζ)} (and zeros); its boundary locus is
 *       {@code z(θ) = ρ(e^{iθ}) / σ(e^{iθ})}.</li>
 * </ul>
 */
public sealed interface StabilityFunction {

    /** Eigenvalues this close to the unit circle count as on it. */
    double UNIT_CIRCLE_TOLERANCE = 1e-9;

    /** Whether {@code z} lies in the region of absolute stability. */
    boolean isStable(Complex z);

    /**
     * The stability function of {@code d}'s steady-state step with learnable coefficients from
     * {@code parameters}: a closed form ({@link OneStep}, {@link LinearMultistep}) when the step has
     * one, else its {@link StepMatrix}; empty when the wiring has no steady step (its steps differ in
     * structure).
     *
     * @throws IllegalArgumentException when {@code evaluationsPerStep()} is not what one step applies
     *         ({@link ConformanceKit#checkEvaluationsPerStep})
     */
    static Optional<StabilityFunction> of(Discretisation d, Function<StageWiring, ParameterValues> parameters) {
        ConformanceKit.checkEvaluationsPerStep(d);
        Optional<StepMatrix> matrix = StepMatrix.of(d, parameters);
        if (d.historyDepth() == 0 && matrix.map(m -> m.dimension() == 1).orElse(true)) {
            return Optional.of(OneStep.of(d, parameters));
        }
        if (d.evaluationsPerStep() == 1) {
            Optional<LinearMultistep> lm = LinearMultistep.of(d, parameters);
            if (lm.isPresent()) {
                return Optional.of(lm.get());
            }
        }
        return matrix.map(m -> m);
    }

    /**
     * Whether the eigenvalues (roots) satisfy the root condition: every {@code |ζ| <= 1} and those
     * on the unit circle simple, both within {@link #UNIT_CIRCLE_TOLERANCE} (repeated: closer than
     * {@code 1e-4} to each other, the accuracy of a double root found numerically).
     */
    static boolean rootCondition(List<Complex> roots) {
        for (int i = 0; i < roots.size(); i++) {
            double r = roots.get(i).abs();
            if (r > 1 + UNIT_CIRCLE_TOLERANCE) {
                return false;
            }
            if (r > 1 - 1e-6) {
                for (int j = 0; j < roots.size(); j++) {
                    if (j != i && roots.get(j).minus(roots.get(i)).abs() < 1e-4) {
                        return false;
                    }
                }
            }
        }
        return true;
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
            return amplification(z).abs() <= 1 + UNIT_CIRCLE_TOLERANCE;
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
            return rootCondition(roots(z));
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

    /**
     * The general stability function: the matrix {@code M(z)} of one steady-state step on
     * {@code y' = λy}, {@code z = hλ}, acting on the values the step carries over.
     *
     * <p>Read off a warm-started wiring of {@code historyDepth() + 4} steps: the carried values at
     * the start of step {@code K-2} (of {@code K}) are those computed before it and read by a node
     * after that point, likewise at its end; a carried value is identified by how many steps back it
     * was computed and its position in that step, and the two sets must correspond (the wiring is
     * periodic there). Column {@code j} of {@code M(z)} is the step run in complex arithmetic (every
     * evaluation {@code z·v}, shortcuts the identity, combinations as written) from the {@code j}-th
     * unit vector. Stable iff the eigenvalues of {@code M(z)} — the roots of
     * {@code det(ζI - M(z))}, interpolated at {@code n + 1} points of the unit circle — satisfy the
     * root condition.
     *
     * @param wiring   the warm-started wiring read
     * @param values   its learnable coefficients
     * @param first    the first node of the analysed step
     * @param last     its last node (its state)
     * @param carried  the carried values at the start of the step (value ids)
     * @param next     the corresponding carried values at its end
     * @param labels   a name for each carried value, e.g. {@code y_n}, {@code evaluation at position 1 of the step y_{n-1} -> y_n}
     */
    record StepMatrix(StageWiring wiring, ParameterValues values, int first, int last, List<Integer> carried,
                      List<Integer> next, List<String> labels) implements StabilityFunction {

        public StepMatrix {
            carried = List.copyOf(carried);
            next = List.copyOf(next);
            labels = List.copyOf(labels);
            if (carried.size() != next.size() || carried.size() != labels.size() || carried.isEmpty()) {
                throw new IllegalArgumentException("a step matrix needs as many carried values after the step as "
                        + "before, at least one");
            }
        }

        /** The step matrix of {@code d}'s steady-state step, or empty when its steps are not periodic. */
        public static Optional<StepMatrix> of(Discretisation d, Function<StageWiring, ParameterValues> parameters) {
            int depth = d.historyDepth();
            StageWiring w = d.wire(new StageStart.Warm((depth + 4) * d.evaluationsPerStep(), depth));
            int count = w.steps().size();
            if (count < 3) {
                return Optional.empty();
            }
            List<Node> nodes = w.nodes();
            int[] end = new int[count];
            for (int s = 0; s < count; s++) {
                end[s] = w.steps().get(s).state().id();
            }
            int[] stepOf = new int[nodes.size()];
            int[] lastReader = new int[nodes.size()];
            Arrays.fill(lastReader, -1);
            int s = 0;
            for (int i = 0; i < nodes.size(); i++) {
                boolean prologue = nodes.get(i) instanceof Node.Input;
                while (s < count && end[s] < i) {
                    s++;
                }
                stepOf[i] = prologue ? -1 : s;
                for (var arg : nodes.get(i).arguments()) {
                    lastReader[arg.id()] = Math.max(lastReader[arg.id()], i);
                }
            }
            int analysed = count - 2;
            List<int[]> before = live(end[analysed - 1], analysed - 1, stepOf, lastReader, end);
            List<int[]> after = live(end[analysed], analysed, stepOf, lastReader, end);
            if (before == null || after == null || before.size() != after.size()) {
                return Optional.empty();
            }
            List<Integer> carried = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                int[] b = before.get(i);
                int[] a = after.get(i);
                if (b[1] != a[1] || b[2] != a[2]
                        || !nodes.get(b[0]).getClass().equals(nodes.get(a[0]).getClass())) {
                    return Optional.empty();
                }
                carried.add(b[0]);
                next.add(a[0]);
                labels.add(label(nodes.get(b[0]), b[0] == end[stepOf[b[0]]], b[1], b[2]));
            }
            return Optional.of(new StepMatrix(w, parameters.apply(w), end[analysed - 1] + 1, end[analysed], carried,
                    next, labels));
        }

        /**
         * The values live at the end of step {@code step} (node {@code boundary}): computed up to it and
         * read after it, as {id, age, offset} sorted by age then offset; null when one is a stage input.
         */
        private static List<int[]> live(int boundary, int step, int[] stepOf, int[] lastReader, int[] end) {
            List<int[]> out = new ArrayList<>();
            for (int v = 0; v <= boundary; v++) {
                if (lastReader[v] <= boundary) {
                    continue;
                }
                if (stepOf[v] < 0) {
                    return null;
                }
                int start = stepOf[v] == 0 ? firstComputed(stepOf) : end[stepOf[v] - 1] + 1;
                out.add(new int[] {v, step - stepOf[v], v - start});
            }
            out.sort(Comparator.<int[]>comparingInt(x -> x[1]).thenComparingInt(x -> x[2]));
            return out;
        }

        private static int firstComputed(int[] stepOf) {
            for (int i = 0; i < stepOf.length; i++) {
                if (stepOf[i] >= 0) {
                    return i;
                }
            }
            return 0;
        }

        private static String label(Node node, boolean isState, int age, int offset) {
            if (isState) {
                return state(age);
            }
            String kind = node instanceof Node.Evaluate ? "evaluation" : node instanceof Node.Combine ? "combination"
                    : "shortcut";
            return kind + " at position " + (offset + 1) + " of the step " + state(age + 1) + " -> " + state(age);
        }

        private static String state(int age) {
            return age == 0 ? "y_n" : "y_{n-" + age + "}";
        }

        /** The number of carried values. */
        public int dimension() {
            return carried.size();
        }

        /** {@code M(z)}: column {@code j} is what the step makes of the {@code j}-th carried value alone. */
        public Complex[][] matrix(Complex z) {
            int n = dimension();
            Complex[][] m = new Complex[n][n];
            Complex zero = new Complex(0, 0);
            for (int j = 0; j < n; j++) {
                Complex[] v = new Complex[last + 1];
                for (int i = 0; i < n; i++) {
                    v[carried.get(i)] = i == j ? Complex.ONE : zero;
                }
                for (int id = first; id <= last; id++) {
                    Node node = wiring.nodes().get(id);
                    if (node instanceof Node.Evaluate e) {
                        v[id] = z.times(read(v, e.argument().id()));
                    } else if (node instanceof Node.Shortcut sc) {
                        v[id] = read(v, sc.argument().id());
                    } else if (node instanceof Node.Combine c) {
                        Complex sum = zero;
                        for (Term t : c.terms()) {
                            sum = sum.plus(read(v, t.value().id()).times(new Complex(t.coefficient().value(values), 0)));
                        }
                        v[id] = sum;
                    } else {
                        throw new IllegalStateException("v" + id + " = " + node + " inside a steady step");
                    }
                }
                for (int i = 0; i < n; i++) {
                    m[i][j] = read(v, next.get(i));
                }
            }
            return m;
        }

        private static Complex read(Complex[] v, int id) {
            if (v[id] == null) {
                throw new IllegalStateException("the step reads v" + id + ", which it does not carry");
            }
            return v[id];
        }

        /**
         * The coefficients of {@code det(ζI - M(z))}, highest power first: interpolated from its values
         * at the {@code n + 1} roots of unity by the inverse discrete Fourier transform (exact for a
         * polynomial of degree {@code n}); coefficients below {@code 1e-13} of the largest are zero.
         */
        public Complex[] characteristicPolynomial(Complex z) {
            Complex[][] m = matrix(z);
            int n = m.length;
            int points = n + 1;
            Complex[] samples = new Complex[points];
            for (int k = 0; k < points; k++) {
                double angle = 2 * Math.PI * k / points;
                Complex zeta = new Complex(Math.cos(angle), Math.sin(angle));
                Complex[][] a = new Complex[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] = (i == j ? zeta : new Complex(0, 0)).minus(m[i][j]);
                    }
                }
                samples[k] = determinant(a);
            }
            Complex[] ascending = new Complex[points];
            double largest = 0;
            for (int p = 0; p < points; p++) {
                Complex sum = new Complex(0, 0);
                for (int k = 0; k < points; k++) {
                    double angle = -2 * Math.PI * (double) k * p / points;
                    sum = sum.plus(samples[k].times(new Complex(Math.cos(angle), Math.sin(angle))));
                }
                ascending[p] = new Complex(sum.re() / points, sum.im() / points);
                largest = Math.max(largest, ascending[p].abs());
            }
            Complex[] out = new Complex[points];
            for (int p = 0; p < points; p++) {
                Complex c = ascending[p];
                out[n - p] = c.abs() < 1e-13 * largest ? new Complex(0, 0) : c;
            }
            out[0] = Complex.ONE; // monic
            return out;
        }

        /** The eigenvalues of {@code M(z)}. */
        public List<Complex> eigenvalues(Complex z) {
            return ComplexPolynomials.roots(characteristicPolynomial(z));
        }

        /** The largest eigenvalue modulus of {@code M(z)}. */
        public double spectralRadius(Complex z) {
            return eigenvalues(z).stream().mapToDouble(Complex::abs).max().orElse(0);
        }

        @Override
        public boolean isStable(Complex z) {
            return rootCondition(eigenvalues(z));
        }

        /** Gaussian elimination with partial pivoting. */
        private static Complex determinant(Complex[][] a) {
            int n = a.length;
            Complex det = Complex.ONE;
            for (int col = 0; col < n; col++) {
                int pivot = col;
                for (int r = col + 1; r < n; r++) {
                    if (a[r][col].abs() > a[pivot][col].abs()) {
                        pivot = r;
                    }
                }
                if (a[pivot][col].abs() == 0) {
                    return new Complex(0, 0);
                }
                if (pivot != col) {
                    Complex[] t = a[pivot];
                    a[pivot] = a[col];
                    a[col] = t;
                    det = new Complex(-det.re(), -det.im());
                }
                det = det.times(a[col][col]);
                for (int r = col + 1; r < n; r++) {
                    Complex factor = a[r][col].dividedBy(a[col][col]);
                    for (int c = col; c < n; c++) {
                        a[r][c] = a[r][c].minus(factor.times(a[col][c]));
                    }
                }
            }
            return det;
        }

        @Override
        public String toString() {
            return "StepMatrix[dimension " + dimension() + ", carried " + labels + "]";
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
