package org.schemenet.numerics;

import java.util.Arrays;
import java.util.List;

/**
 * The root condition of a linear multistep scheme's first characteristic polynomial
 * {@code ρ(ζ) = ζ^m - Σ_{j=0}^{m-1} α_j ζ^{m-1-j}} (the scheme {@code y_{n+1} = Σ_j α_j y_{n-j} + ...}):
 * the scheme is zero-stable iff every root has {@code |ζ| <= 1} and the roots with {@code |ζ| = 1}
 * are simple.
 *
 * @param rho       coefficients of ρ, highest power first, leading coefficient 1
 * @param roots     the roots of ρ
 * @param satisfied whether the root condition holds (within {@link #TOLERANCE})
 */
public record RootCondition(double[] rho, List<Complex> roots, boolean satisfied) {

    /** Roots closer than this to the unit circle count as on it; closer than this to each other, as repeated. */
    public static final double TOLERANCE = 1e-6;

    public RootCondition {
        rho = rho.clone();
        roots = List.copyOf(roots);
    }

    /** Checks ρ given by the step's state coefficients {@code α_0 .. α_{m-1}} (newest state first). */
    public static RootCondition ofStateCoefficients(double[] alpha) {
        double[] rho = new double[alpha.length + 1];
        rho[0] = 1;
        for (int j = 0; j < alpha.length; j++) {
            rho[j + 1] = 0.0 - alpha[j]; // 0.0 - 0.0 is +0.0, not -0.0
        }
        List<Complex> roots = roots(rho);
        return new RootCondition(rho, roots, holds(roots));
    }

    /** The largest root modulus. */
    public double spectralRadius() {
        return roots.stream().mapToDouble(Complex::abs).max().orElse(0);
    }

    private static boolean holds(List<Complex> roots) {
        for (int i = 0; i < roots.size(); i++) {
            double r = roots.get(i).abs();
            if (r > 1 + TOLERANCE) {
                return false;
            }
            if (r > 1 - TOLERANCE) {
                for (int j = 0; j < roots.size(); j++) {
                    if (j != i && roots.get(j).minus(roots.get(i)).abs() < Math.sqrt(TOLERANCE)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** All complex roots of {@code p} (real coefficients, highest power first). */
    public static List<Complex> roots(double[] p) {
        Complex[] c = new Complex[p.length];
        for (int i = 0; i < p.length; i++) {
            c[i] = new Complex(p[i], 0);
        }
        return ComplexPolynomials.roots(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootCondition r && Arrays.equals(rho, r.rho) && roots.equals(r.roots)
                && satisfied == r.satisfied;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rho) * 31 + roots.hashCode();
    }

    @Override
    public String toString() {
        return "RootCondition[rho=" + Arrays.toString(rho) + ", roots=" + roots + ", satisfied=" + satisfied + "]";
    }
}
