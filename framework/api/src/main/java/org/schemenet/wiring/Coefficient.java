package org.schemenet.wiring;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A coefficient of a linear combination: data, not code, so that both back ends (network
 * compiler and ODE interpreter) read the same numbers.
 */
public sealed interface Coefficient {

    /** The value of this coefficient for the given values of the learnable parameters. */
    double value(ToDoubleFunction<String> parameters);

    /** The learnable parameters this coefficient reads, by name. */
    List<Learnable> parameters();

    /** {@code c = value}, a fixed number. */
    record Fixed(double value) implements Coefficient {
        public Fixed {
            if (!Double.isFinite(value)) {
                throw new InvalidWiringException("fixed coefficient must be finite, got " + value);
            }
        }

        @Override
        public double value(ToDoubleFunction<String> parameters) {
            return value;
        }

        @Override
        public List<Learnable> parameters() {
            return List.of();
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /**
     * {@code c = θ}, one trainable scalar.
     *
     * @param name        unique within a stage, e.g. {@code unit3.beta0}; the compiler prefixes the stage
     * @param initialiser how θ starts
     * @param weightDecay whether L2 weight decay applies to θ (usually not)
     */
    record Learnable(String name, Initialiser initialiser, boolean weightDecay) implements Coefficient {
        public Learnable {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
                throw new InvalidWiringException("learnable coefficient name must match [A-Za-z][A-Za-z0-9_.]*, got '"
                        + name + "'");
            }
            if (initialiser == null) {
                throw new InvalidWiringException("learnable coefficient '" + name + "' needs an initialiser");
            }
        }

        public Learnable(String name, Initialiser initialiser) {
            this(name, initialiser, false);
        }

        @Override
        public double value(ToDoubleFunction<String> parameters) {
            return parameters.applyAsDouble(name);
        }

        @Override
        public List<Learnable> parameters() {
            return List.of(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * {@code c = constant + Σ_i weight_i θ_i}: an affine function of learnable parameters,
     * e.g. the last Adams coefficient {@code 1 - Σ_{j<k-1} β_j} that keeps a learned scheme
     * consistent. Gradients flow through it to the θ_i.
     */
    record Derived(double constant, List<Weighted> terms) implements Coefficient {
        public Derived {
            if (!Double.isFinite(constant)) {
                throw new InvalidWiringException("derived coefficient constant must be finite, got " + constant);
            }
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new InvalidWiringException("derived coefficient needs at least one learnable term; use Fixed");
            }
        }

        /** {@code 1 - Σ θ_i}: the coefficient that makes a set of weights sum to one. */
        public static Derived oneMinusSumOf(List<Learnable> others) {
            return new Derived(1.0, others.stream().map(p -> new Weighted(-1.0, p)).toList());
        }

        @Override
        public double value(ToDoubleFunction<String> parameters) {
            double c = constant;
            for (Weighted t : terms) {
                c += t.weight() * parameters.applyAsDouble(t.parameter().name());
            }
            return c;
        }

        @Override
        public List<Learnable> parameters() {
            return terms.stream().map(Weighted::parameter).toList();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder().append(constant);
            for (Weighted t : terms) {
                s.append(t.weight() < 0 ? " - " : " + ");
                double w = Math.abs(t.weight());
                if (w != 1.0) {
                    s.append(w).append('*');
                }
                s.append(t.parameter().name());
            }
            return s.toString();
        }
    }

    /** One term {@code weight · θ} of a {@link Derived} coefficient. */
    record Weighted(double weight, Learnable parameter) {
        public Weighted {
            if (!Double.isFinite(weight)) {
                throw new InvalidWiringException("weight must be finite, got " + weight);
            }
            if (parameter == null) {
                throw new InvalidWiringException("weighted term needs a learnable parameter");
            }
        }
    }

    static Coefficient fixed(double value) {
        return new Fixed(value);
    }

    static Learnable learnable(String name, Initialiser initialiser) {
        return new Learnable(name, initialiser, false);
    }

    /** Parameter lookup over a map that fails clearly on a missing name. */
    static ToDoubleFunction<String> lookup(Map<String, Double> values) {
        return name -> {
            Double v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no value for learnable coefficient '" + name + "'");
            }
            return v;
        };
    }
}
