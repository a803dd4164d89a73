package org.schemenet.numerics;

import java.util.function.DoubleFunction;

/**
 * A numerical solution of {@code y' = F(y)}, {@code y(0) = y0}, accurate to about the last digit of
 * a double, for test problems without a closed-form solution: the conformance kit measures a
 * scheme's error against it as against an exact one.
 *
 * <p>Each step of length {@code H} is a Gragg–Bulirsch–Stoer step: the modified midpoint rule
 * <pre>
 *   u_0 = 0,  u_1 = h F(y),  u_{m+1} = u_{m-1} + 2h F(y + u_m),  T(h) = (u_n + u_{n-1} + h F(y + u_n)) / 2
 * </pre>
 * with {@code n = 2, 4, 6, 8} substeps {@code h = H/n} gives increments whose error expands in
 * even powers of {@code h}; Aitken–Neville extrapolation to {@code h = 0} over the four values has
 * order 8. A step whose last two diagonal extrapolants differ by more than {@code 1e-16 · max(1, |y|)}
 * is split in two (at most 30 times), so the steps adapt to the problem. Four levels, not more: the
 * extrapolation weights sum to 6.2 in magnitude (119 for eight levels), so the round-off of
 * evaluating {@code F} in double is hardly amplified; the result is within a few units in the last
 * place (checked against closed forms and a 30-digit integration of Van der Pol). The increments
 * are small numbers, so they are computed in double; the state is accumulated in double-double, so
 * round-off does not grow with the number of steps.
 *
 * <p>The solution is tabulated at {@code 128} points {@code t_k = k·reach/64}, {@code |k| <= 64},
 * when built; {@link #apply(double)} integrates from the nearest of them. Immutable.
 */
public final class ReferenceSolution implements DoubleFunction<double[]> {

    private static final int[] SUBSTEPS = {2, 4, 6, 8};
    private static final int CHECKPOINTS = 64;
    private static final int MAX_SPLITS = 30;

    private final VectorField field;
    private final double spacing;
    private final double[][] high;
    private final double[][] low;

    private ReferenceSolution(VectorField field, double[] y0, double reach) {
        this.field = field;
        this.spacing = reach / CHECKPOINTS;
        this.high = new double[2 * CHECKPOINTS + 1][];
        this.low = new double[2 * CHECKPOINTS + 1][];
        high[CHECKPOINTS] = y0.clone();
        low[CHECKPOINTS] = new double[y0.length];
        for (int direction : new int[] {1, -1}) {
            for (int k = 1; k <= CHECKPOINTS; k++) {
                int from = CHECKPOINTS + direction * (k - 1);
                int to = CHECKPOINTS + direction * k;
                double[][] y = {high[from].clone(), low[from].clone()};
                advance(y, direction * spacing, 0);
                high[to] = y[0];
                low[to] = y[1];
            }
        }
    }

    /**
     * The solution from {@code y0} at {@code t = 0}, tabulated over {@code [-reach, reach]} (it is
     * also computed outside, from the end of the table).
     *
     * @throws IllegalArgumentException when {@code y0} is empty or not finite, {@code reach <= 0}, or
     *         the extrapolation does not converge (a singularity or a very stiff problem in the range)
     */
    public static ReferenceSolution of(VectorField field, double[] y0, double reach) {
        if (field == null || y0 == null || y0.length == 0) {
            throw new IllegalArgumentException("a reference solution needs a field and an initial value");
        }
        for (double v : y0) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("initial value must be finite, got " + java.util.Arrays.toString(y0));
            }
        }
        if (!(reach > 0) || !Double.isFinite(reach)) {
            throw new IllegalArgumentException("reach must be finite and > 0, got " + reach);
        }
        return new ReferenceSolution(field, y0, reach);
    }

    /** {@code y(t)}. */
    @Override
    public double[] apply(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
        int k = (int) Math.max(-CHECKPOINTS, Math.min(CHECKPOINTS, Math.round(t / spacing)));
        double[][] y = {high[CHECKPOINTS + k].clone(), low[CHECKPOINTS + k].clone()};
        double remaining = t - k * spacing;
        int pieces = (int) Math.max(1, Math.ceil(Math.abs(remaining) / spacing));
        for (int i = 0; i < pieces && remaining != 0; i++) {
            advance(y, remaining / pieces, 0);
        }
        double[] out = new double[y[0].length];
        for (int d = 0; d < out.length; d++) {
            out[d] = y[0][d] + y[1][d];
        }
        return out;
    }

    /** {@code y <- y(t + H)} for the double-double state {@code y = {high, low}}. */
    private void advance(double[][] y, double step, int splits) {
        double[] start = new double[y[0].length];
        for (int d = 0; d < start.length; d++) {
            start[d] = y[0][d] + y[1][d];
        }
        double scale = 1;
        for (double v : start) {
            scale = Math.max(scale, Math.abs(v));
        }
        // Aitken-Neville tableau in h^2: T[j][0] = T(h_j), T[j][k] = T[j][k-1] + (T[j][k-1] - T[j-1][k-1]) / ((n_j/n_{j-k})^2 - 1)
        double[][] previousRow = null;
        double[] previousDiagonal = null;
        double[] change = null;
        for (int j = 0; j < SUBSTEPS.length; j++) {
            double[][] row = new double[j + 1][];
            row[0] = midpoint(y, step, SUBSTEPS[j]);
            for (int k = 1; k <= j; k++) {
                double ratio = (double) SUBSTEPS[j] / SUBSTEPS[j - k];
                double factor = 1.0 / (ratio * ratio - 1);
                row[k] = new double[start.length];
                for (int d = 0; d < start.length; d++) {
                    row[k][d] = row[k - 1][d] + (row[k - 1][d] - previousRow[k - 1][d]) * factor;
                }
            }
            previousDiagonal = change;
            change = row[j];
            previousRow = row;
        }
        double difference = 0;
        for (int d = 0; d < change.length; d++) {
            difference = Math.max(difference, Math.abs(change[d] - previousDiagonal[d]));
        }
        if (!(difference <= 1e-16 * scale)) {
            if (splits >= MAX_SPLITS || !Double.isFinite(difference)) {
                throw new IllegalArgumentException("the reference solution does not converge near y = "
                        + java.util.Arrays.toString(start) + ": the problem has a singularity or is too stiff there");
            }
            advance(y, step / 2, splits + 1);
            advance(y, step / 2, splits + 1);
            return;
        }
        for (int d = 0; d < change.length; d++) {
            double sum = y[0][d] + change[d];
            double back = sum - y[0][d];
            double error = (y[0][d] - (sum - back)) + (change[d] - back);
            double lowSum = y[1][d] + error;
            double high = sum + lowSum;
            y[1][d] = lowSum - (high - sum);
            y[0][d] = high;
        }
    }

    /** The modified midpoint increment {@code T(h)} over {@code step} in {@code n} substeps, from {@code y}. */
    private double[] midpoint(double[][] y, double step, int n) {
        double h = step / n;
        int dim = y[0].length;
        double[] previous = new double[dim];
        double[] current = scaled(h, field.apply(at(y, previous)));
        for (int m = 1; m < n; m++) {
            double[] f = field.apply(at(y, current));
            double[] next = new double[dim];
            for (int d = 0; d < dim; d++) {
                next[d] = previous[d] + 2 * h * f[d];
            }
            previous = current;
            current = next;
        }
        double[] f = field.apply(at(y, current));
        double[] out = new double[dim];
        for (int d = 0; d < dim; d++) {
            out[d] = 0.5 * (current[d] + previous[d] + h * f[d]);
        }
        return out;
    }

    /** {@code y + u}, adding the small parts first. */
    private static double[] at(double[][] y, double[] u) {
        double[] out = new double[u.length];
        for (int d = 0; d < u.length; d++) {
            out[d] = y[0][d] + (y[1][d] + u[d]);
        }
        return out;
    }

    private static double[] scaled(double h, double[] f) {
        double[] out = new double[f.length];
        for (int d = 0; d < f.length; d++) {
            out[d] = h * f[d];
        }
        return out;
    }
}
