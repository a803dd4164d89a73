package org.schemenet.lowering;

import java.util.Arrays;
import java.util.Map;
import org.schemenet.wiring.Coefficient;

/**
 * A combination coefficient as an affine function of its coefficient group's parameters:
 * {@code c = constant + Σ_j weights[j] · θ_j}, {@code θ} in the group's column order
 * ({@link LoweredNode.CoefficientGroup#columns()}). A {@code Coefficient.Fixed} has all weights 0, a
 * {@code Learnable} one weight 1, a {@code Derived} (e.g. {@code 1 - Σ β}) its constant and weights; a
 * coefficient of a combination without learnable parameters has no weights at all ({@code p = 0}).
 *
 * @param constant {@code constant}
 * @param weights  {@code weights[j]}, one per parameter of the group (copied in and out)
 */
public record Affine(double constant, double[] weights) {

    public Affine {
        if (!Double.isFinite(constant) || weights == null) {
            throw new IllegalArgumentException("an affine coefficient needs a finite constant and weights, got "
                    + constant + ", " + Arrays.toString(weights));
        }
        weights = weights.clone();
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("affine weights must be finite, got " + Arrays.toString(weights));
            }
        }
    }

    /** {@code c} as an affine function of {@code p} parameters laid out by {@code column}. */
    static Affine of(Coefficient c, Map<String, Integer> column, int p) {
        double[] w = new double[p];
        if (c instanceof Coefficient.Fixed f) {
            return new Affine(f.value(), w);
        } else if (c instanceof Coefficient.Learnable l) {
            // a learnable without a column has net weight 0 in every combination (CoefficientGroups#combined)
            if (column.containsKey(l.name())) {
                w[column.get(l.name())] = 1.0;
            }
            return new Affine(0.0, w);
        } else if (c instanceof Coefficient.Derived d) {
            for (Coefficient.Weighted t : d.terms()) {
                if (column.containsKey(t.parameter().name())) {
                    w[column.get(t.parameter().name())] += t.weight();
                }
            }
            return new Affine(d.constant(), w);
        }
        throw new IllegalArgumentException("unknown coefficient kind " + c);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Number of parameters {@code p}. */
    public int parameters() {
        return weights.length;
    }

    /** Whether {@code c} is the constant alone: every weight 0. */
    public boolean fixed() {
        for (double w : weights) {
            if (w != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** The coefficient of {@code a x + b x}: constants and weights added. */
    Affine plus(Affine o) {
        if (o.weights.length != weights.length) {
            throw new IllegalArgumentException("adding affine coefficients of " + weights.length + " and "
                    + o.weights.length + " parameters");
        }
        double[] w = weights.clone();
        for (int j = 0; j < w.length; j++) {
            w[j] += o.weights[j];
        }
        return new Affine(constant + o.constant, w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Double.compare(a.constant, constant) == 0 && Arrays.equals(a.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(constant) + Arrays.hashCode(weights);
    }

    /** E.g. {@code 1.0 - θ0 - θ1}, {@code θ0}, {@code 0.5·θ1}, {@code -0.5}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (constant != 0.0 || fixed()) {
            s.append(constant);
        }
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] != 0.0) {
                double w = Math.abs(weights[j]);
                s.append(s.length() == 0 ? (weights[j] < 0 ? "-" : "") : (weights[j] < 0 ? " - " : " + "))
                        .append(w == 1.0 ? "" : w + "·").append("θ").append(j);
            }
        }
        return s.toString();
    }
}
