package org.schemenet.schemes.adams;

import java.util.ArrayList;
import java.util.List;

/**
 * The coefficients of the explicit Adams–Bashforth {@code m}-step method
 * {@code y_{n+1} = y_n + h Σ_{j=0}^{m-1} β_j F(y_{n-j})}, computed exactly.
 *
 * <p>The method integrates the polynomial that interpolates {@code F} at the nodes
 * {@code t_n, t_{n-1}, ..., t_{n-m+1}} over {@code [t_n, t_{n+1}]}. With {@code t = t_n + u h},
 * node {@code t_{n-j}} sits at {@code u = -j}, and
 * <pre>
 *   β_j = ∫_0^1 ℓ_j(u) du,   ℓ_j(u) = Π_{i=0, i≠j}^{m-1} (u + i) / (i - j),
 * </pre>
 * the integral of the Lagrange basis polynomial of node {@code -j}. Polynomials are expanded with
 * rational coefficients and integrated term by term, so the values are exact for every {@code m}.
 */
public final class AdamsBashforth {

    /** {@link #values} for {@code m = 1..MAX_K}, computed once (the rational arithmetic is slow). */
    private static final double[][] VALUES = new double[AdamsScheme.MAX_K + 1][];

    static {
        for (int m = 1; m <= AdamsScheme.MAX_K; m++) {
            VALUES[m] = consistentlyRounded(m);
        }
    }

    private AdamsBashforth() {
    }

    /**
     * {@code β_0 .. β_{m-1}} of AB_m; {@code β_0} multiplies the newest evaluation.
     *
     * @throws IllegalArgumentException when {@code m < 1}
     */
    public static List<Fraction> coefficients(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("Adams-Bashforth needs m >= 1 steps, got " + m);
        }
        List<Fraction> beta = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            // ℓ_j(u) · Π_{i≠j}(i - j), as coefficients in increasing powers of u
            List<Fraction> poly = new ArrayList<>(List.of(Fraction.ONE));
            Fraction denominator = Fraction.ONE;
            for (int i = 0; i < m; i++) {
                if (i == j) {
                    continue;
                }
                poly = timesUPlus(poly, i);
                denominator = denominator.times(Fraction.of(i - j));
            }
            Fraction integral = Fraction.ZERO;
            for (int p = 0; p < poly.size(); p++) {
                integral = integral.plus(poly.get(p).dividedBy(Fraction.of(p + 1)));   // ∫_0^1 u^p du = 1/(p+1)
            }
            beta.add(integral.dividedBy(denominator));
        }
        return List.copyOf(beta);
    }

    /**
     * {@link #coefficients} as doubles that keep the scheme consistent to the last bit: {@code β_0 ..
     * β_{m-2}} are rounded to nearest and {@code β_{m-1}} is the double nearest to
     * {@code 1 - Σ_{j<m-1} β_j} of those rounded values (computed exactly). Rounding every coefficient
     * on its own leaves {@code Σ β_j - 1} at up to {@code Σ |β_j|·2^-53} (-2.6e-15 for AB8), a
     * consistency defect that puts a floor of that size under the global error of every run; this
     * way the defect is at most half an ulp of {@code β_{m-1}} (about 3e-17), and each value still
     * differs from the exact one by about an ulp.
     */
    public static double[] values(int m) {
        if (m >= 1 && m < VALUES.length) {
            return VALUES[m].clone();
        }
        return consistentlyRounded(m);
    }

    private static double[] consistentlyRounded(int m) {
        List<Fraction> exact = coefficients(m);
        double[] out = new double[m];
        Fraction sum = Fraction.ZERO;
        for (int j = 0; j < m - 1; j++) {
            out[j] = exact.get(j).doubleValue();
            sum = sum.plus(Fraction.ofExactly(out[j]));
        }
        out[m - 1] = Fraction.ONE.minus(sum).doubleValue();
        return out;
    }

    /** {@code (u + i) · p(u)} for {@code p} in increasing powers of {@code u}. */
    private static List<Fraction> timesUPlus(List<Fraction> p, int i) {
        List<Fraction> out = new ArrayList<>(p.size() + 1);
        for (int d = 0; d <= p.size(); d++) {
            Fraction shifted = d > 0 ? p.get(d - 1) : Fraction.ZERO;             // u · p
            Fraction scaled = d < p.size() ? p.get(d).times(Fraction.of(i)) : Fraction.ZERO;  // i · p
            out.add(shifted.plus(scaled));
        }
        return out;
    }

    /**
     * The order of {@code y_{n+1} = y_n + Σ_{j=0}^{m-1} β_j f_{n-j}}: the largest {@code p <= m} with
     * {@code Σ_j β_j q (-j)^{q-1} = 1} for {@code q = 1..p} (the linear multistep order conditions
     * {@code C_q = 0} for {@code ρ(ζ) = ζ^m - ζ^{m-1}}), each to within {@code tolerance} relative to
     * {@code 1 + Σ_j |β_j q j^{q-1}|} (the sum cancels heavily for large {@code m}). 0 when the scheme
     * is inconsistent.
     */
    public static int order(double[] beta, double tolerance) {
        int p = 0;
        for (int q = 1; q <= beta.length; q++) {
            double sum = 0;
            double scale = 1;
            for (int j = 0; j < beta.length; j++) {
                double term = beta[j] * q * Math.pow(-j, q - 1);
                sum += term;
                scale += Math.abs(term);
            }
            if (Math.abs(sum - 1) > tolerance * scale) {
                break;
            }
            p = q;
        }
        return p;
    }
}
