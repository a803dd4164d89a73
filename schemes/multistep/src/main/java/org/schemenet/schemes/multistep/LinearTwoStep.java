package org.schemenet.schemes.multistep;

import java.util.List;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.Initialiser;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Term;
import org.schemenet.wiring.Value;

/**
 * A configured linear two-step scheme: each step applies one fresh residual unit and forms
 * <pre>
 *   y_{n+1} = (1 - k_n) y_n + k_n y_{n-1} + f_n(y_n).
 * </pre>
 * Its characteristic polynomial is {@code ρ(ζ) = ζ² - (1 - k) ζ - k = (ζ - 1)(ζ + k)} and
 * {@code σ(ζ) = ζ}, so with {@code ρ'(1) = 1 + k} the scheme is a consistent first-order
 * integrator of {@code y' = F(y) / (1 + k)}, zero-stable for {@code -1 < k <= 1}. Equivalently each
 * step covers time {@code h / (1 + k_n)} of {@code y' = F(y)}: every {@link org.schemenet.wiring.Step}
 * carries the rescaling {@code 1 + k_n} (fixed, or {@link Coefficient.Derived} {@code 1 + k_n} when
 * {@code k_n} is learnable), which is what the conformance kit measures against.
 *
 * <p><b>Stage start.</b> After a transition the previous state {@code y_{n-1}} of the first step is
 * the projected entry state {@code P(y_0)} (the transition's past state), as in the PyTorch
 * reference; after a cold start it is the entry state itself, so the first step is
 * {@code y_1 = y_0 + f_0(y_0)}.
 *
 * <p><b>Learnable mode.</b> The step that applies unit {@code u} reads {@code unit<u>.k}, initialised
 * {@code U(low, high)}, no weight decay.
 *
 * @param k    the fixed {@code k}, or NaN when learnable
 * @param low  learnable initialiser's lower bound
 * @param high learnable initialiser's upper bound
 */
public record LinearTwoStep(double k, double low, double high) implements Discretisation {

    public LinearTwoStep {
        if (Double.isNaN(k)) {
            if (!(low > -1 && low <= high && high <= 1)) {
                throw new IllegalArgumentException("learnable k needs -1 < low <= high <= 1, got U(" + low + ", " + high + ")");
            }
        } else if (!(k > -1 && k <= 1)) {
            throw new IllegalArgumentException("fixed k must be in (-1, 1], got " + k);
        }
    }

    /** One {@code k} for every unit. */
    public static LinearTwoStep fixed(double k) {
        return new LinearTwoStep(k, k, k);
    }

    /** One trained {@code k_n ~ U(low, high)} per unit. */
    public static LinearTwoStep learnable(double low, double high) {
        return new LinearTwoStep(Double.NaN, low, high);
    }

    public boolean isLearnable() {
        return Double.isNaN(k);
    }

    @Override
    public String description() {
        return isLearnable()
                ? "linear two-step (LM-ResNet), learnable k_n ~ U(" + low + ", " + high + ")"
                : "linear two-step (LM-ResNet), fixed k = " + k;
    }

    /**
     * On the rescaled field {@code y' = F/(1 + k)}: with {@code hF = h(1 + k) y'}, Taylor expansion of
     * {@code y(t+h) - (1-k) y(t) - k y(t-h) - h(1+k) y'(t)} leaves {@code (1 - k) h² y''/2 + O(h³)}, so
     * the order is 1, and 2 for {@code k = 1} (then the scheme is the leapfrog
     * {@code y_{n+1} = y_{n-1} + f_n}). Learnable: 1 (consistent for every {@code k_n}; the default
     * initial mean is {@code -0.05}).
     */
    @Override
    public int order() {
        return !isLearnable() && k == 1.0 ? 2 : 1;
    }

    @Override
    public int evaluationsPerStep() {
        return 1;
    }

    @Override
    public int historyDepth() {
        return 1;
    }

    @Override
    public StageWiring wire(StageStart start) {
        StageWiring.Builder b = StageWiring.builder(start);
        Value y = b.state();
        Value previous = b.pastStates().isEmpty() ? y : b.pastStates().get(0);
        while (b.unitsLeft() > 0) {
            int unit = start.units() - b.unitsLeft();
            Value f = b.evaluate(y);
            Coefficient kn;
            Coefficient oneMinusK;
            Coefficient onePlusK;
            if (isLearnable()) {
                Coefficient.Learnable theta = new Coefficient.Learnable("unit" + unit + ".k",
                        Initialiser.uniform(low, high), false);
                kn = theta;
                oneMinusK = new Coefficient.Derived(1.0, List.of(new Coefficient.Weighted(-1.0, theta)));
                onePlusK = new Coefficient.Derived(1.0, List.of(new Coefficient.Weighted(1.0, theta)));
            } else {
                kn = new Coefficient.Fixed(k);
                oneMinusK = new Coefficient.Fixed(1 - k);
                onePlusK = new Coefficient.Fixed(1 + k);
            }
            Value next = b.step(b.combine(Term.of(oneMinusK, y), Term.of(kn, previous), Term.of(1.0, f)), onePlusK);
            previous = y;
            y = next;
        }
        return b.build();
    }
}
