package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.List;

/** Roots of polynomials with complex coefficients. */
final class ComplexPolynomials {
    private ComplexPolynomials() {
    }

    /**
     * All roots of {@code p} (coefficients highest power first) by the Durand–Kerner (Weierstrass)
     * iteration {@code z_i <- z_i - p(z_i) / (p_0 Π_{j≠i} (z_i - z_j))}, after removing exact zero
     * roots. Repeated roots converge only to about the square root of machine precision.
     */
    static List<Complex> roots(Complex[] p) {
        int lead = 0;
        while (lead < p.length && p[lead].abs() == 0) {
            lead++;
        }
        if (lead == p.length) {
            throw new IllegalArgumentException("the zero polynomial has no roots to find");
        }
        int end = p.length;
        List<Complex> roots = new ArrayList<>();
        while (end - 1 > lead && p[end - 1].abs() == 0) {
            roots.add(new Complex(0, 0));
            end--;
        }
        int n = end - lead - 1;
        if (n == 0) {
            return roots;
        }
        Complex[] q = new Complex[n + 1];
        System.arraycopy(p, lead, q, 0, n + 1);
        Complex[] z = new Complex[n];
        Complex seed = new Complex(0.4, 0.9);
        Complex power = Complex.ONE;
        for (int i = 0; i < n; i++) {
            z[i] = power;
            power = power.times(seed);
        }
        for (int iteration = 0; iteration < 5000; iteration++) {
            double change = 0;
            for (int i = 0; i < n; i++) {
                Complex denominator = q[0];
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        denominator = denominator.times(z[i].minus(z[j]));
                    }
                }
                if (denominator.abs() == 0) {
                    denominator = new Complex(1e-14, 0);
                }
                Complex delta = evaluate(q, z[i]).dividedBy(denominator);
                z[i] = z[i].minus(delta);
                change = Math.max(change, delta.abs());
            }
            if (change < 1e-15) {
                break;
            }
        }
        roots.addAll(List.of(z));
        return roots;
    }

    static Complex evaluate(Complex[] p, Complex z) {
        Complex acc = new Complex(0, 0);
        for (Complex c : p) {
            acc = acc.times(z).plus(c);
        }
        return acc;
    }
}
