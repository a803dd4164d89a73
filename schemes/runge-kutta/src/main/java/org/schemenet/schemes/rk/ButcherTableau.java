package org.schemenet.schemes.rk;

import java.util.Arrays;

/**
 * An explicit Runge–Kutta method given by its Butcher tableau: for {@code s} stages
 * <pre>
 *   k_i     = h F(y_n + Σ_{j<i} a_ij k_j),   i = 1..s,
 *   y_{n+1} = y_n + Σ_i b_i k_i,
 * </pre>
 * with {@code c_i} the time of stage {@code i} within the step.
 *
 * <p>Validated at construction: {@code a} is {@code s × s} and strictly lower triangular
 * ({@code a_ij = 0} for {@code j >= i}: explicit), {@code Σ_i b_i = 1} (consistency) and
 * {@code Σ_j a_ij = c_i} for every row, both within {@value #TOLERANCE}; every entry finite. A
 * violation is an {@link IllegalArgumentException} naming the rule and the row (rows count from 1).
 *
 * @param name a short name for descriptions
 * @param a    the Runge–Kutta matrix, row {@code i} holds {@code a_i1 .. a_is}
 * @param b    the weights
 * @param c    the nodes
 */
public record ButcherTableau(String name, double[][] a, double[] b, double[] c) {

    /** How far {@code Σ b} and the row sums of {@code a} may be from 1 and {@code c}. */
    public static final double TOLERANCE = 1e-12;

    /** The highest order whose conditions {@link #order()} checks. */
    public static final int MAX_CHECKED_ORDER = 4;

    public ButcherTableau {
        if (name == null || a == null || b == null || c == null) {
            throw new IllegalArgumentException("a Butcher tableau needs a name, a, b and c");
        }
        int s = b.length;
        if (s == 0) {
            throw new IllegalArgumentException("tableau '" + name + "': b is empty; a tableau needs at least one stage");
        }
        if (a.length != s || c.length != s) {
            throw new IllegalArgumentException("tableau '" + name + "': rule 'a is s x s and c has s entries' "
                    + "violated: b has " + s + " entries (s = " + s + "), a has " + a.length + " rows, c has "
                    + c.length + " entries");
        }
        a = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        b = b.clone();
        c = c.clone();
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != s) {
                throw new IllegalArgumentException("tableau '" + name + "': rule 'a is s x s' violated in row "
                        + (i + 1) + ": it has " + (a[i] == null ? 0 : a[i].length) + " entries, expected " + s);
            }
            for (int j = 0; j < s; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("tableau '" + name + "': a[" + (i + 1) + "][" + (j + 1)
                            + "] = " + a[i][j] + " is not finite");
                }
                if (j >= i && a[i][j] != 0) {
                    throw new IllegalArgumentException("tableau '" + name + "': rule 'a is strictly lower "
                            + "triangular (explicit)' violated in row " + (i + 1) + ": a[" + (i + 1) + "][" + (j + 1)
                            + "] = " + a[i][j] + ", but entries on and above the diagonal must be 0");
                }
            }
            if (!Double.isFinite(b[i]) || !Double.isFinite(c[i])) {
                throw new IllegalArgumentException("tableau '" + name + "': b[" + (i + 1) + "] = " + b[i]
                        + ", c[" + (i + 1) + "] = " + c[i] + " must be finite");
            }
        }
        double sumB = Arrays.stream(b).sum();
        if (Math.abs(sumB - 1) > TOLERANCE) {
            throw new IllegalArgumentException("tableau '" + name + "': rule 'sum of b = 1' (consistency) violated: "
                    + "the b sum to " + sumB);
        }
        for (int i = 0; i < s; i++) {
            double row = Arrays.stream(a[i]).sum();
            if (Math.abs(row - c[i]) > TOLERANCE) {
                throw new IllegalArgumentException("tableau '" + name + "': rule 'row sum of a = c' violated in row "
                        + (i + 1) + ": a[" + (i + 1) + "] sums to " + row + " but c[" + (i + 1) + "] = " + c[i]);
            }
        }
    }

    /** A tableau whose nodes are the row sums of {@code a}. */
    public static ButcherTableau of(String name, double[][] a, double[] b) {
        return new ButcherTableau(name, a, b, Arrays.stream(a).mapToDouble(r -> Arrays.stream(r).sum()).toArray());
    }

    /** The number of stages {@code s}: residual units per step. */
    public int stages() {
        return b.length;
    }

    @Override
    public double[][] a() {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    public double a(int i, int j) {
        return a[i][j];
    }

    public double b(int i) {
        return b[i];
    }

    /**
     * The classical order, up to {@value #MAX_CHECKED_ORDER}: the largest {@code p} whose
     * rooted-tree order conditions hold to within 1e-10,
     * <pre>
     *   p=1: Σ b_i = 1
     *   p=2: Σ b_i c_i = 1/2
     *   p=3: Σ b_i c_i² = 1/3,  Σ b_i a_ij c_j = 1/6
     *   p=4: Σ b_i c_i³ = 1/4,  Σ b_i c_i a_ij c_j = 1/8,  Σ b_i a_ij c_j² = 1/12,  Σ b_i a_ij a_jk c_k = 1/24.
     * </pre>
     * A tableau of order 5 or more reports 4.
     */
    public int order() {
        int s = stages();
        double[] ac = new double[s];      // (A c)_i
        double[] ac2 = new double[s];     // (A c²)_i
        double[] aac = new double[s];     // (A A c)_i
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                ac[i] += a[i][j] * c[j];
                ac2[i] += a[i][j] * c[j] * c[j];
            }
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                aac[i] += a[i][j] * ac[j];
            }
        }
        double[][] conditions = {
            {sum(i -> b[i]) - 1},
            {sum(i -> b[i] * c[i]) - 1.0 / 2},
            {sum(i -> b[i] * c[i] * c[i]) - 1.0 / 3, sum(i -> b[i] * ac[i]) - 1.0 / 6},
            {sum(i -> b[i] * c[i] * c[i] * c[i]) - 1.0 / 4, sum(i -> b[i] * c[i] * ac[i]) - 1.0 / 8,
                sum(i -> b[i] * ac2[i]) - 1.0 / 12, sum(i -> b[i] * aac[i]) - 1.0 / 24},
        };
        int p = 0;
        for (double[] level : conditions) {
            for (double residual : level) {
                if (Math.abs(residual) > 1e-10) {
                    return p;
                }
            }
            p++;
        }
        return p;
    }

    private double sum(java.util.function.IntToDoubleFunction term) {
        double total = 0;
        for (int i = 0; i < stages(); i++) {
            total += term.applyAsDouble(i);
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && name.equals(t.name) && Arrays.deepEquals(a, t.a)
                && Arrays.equals(b, t.b) && Arrays.equals(c, t.c);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.deepHashCode(a) * 17 + Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        return name + "[a=" + Arrays.deepToString(a) + ", b=" + Arrays.toString(b) + ", c=" + Arrays.toString(c) + "]";
    }
}
