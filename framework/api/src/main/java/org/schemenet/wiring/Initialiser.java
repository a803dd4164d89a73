package org.schemenet.wiring;

import java.util.random.RandomGenerator;

/** How a learnable coefficient is initialised before training. */
public sealed interface Initialiser {

    /** A draw from this initialiser. */
    double sample(RandomGenerator random);

    /** The expected value of a draw: the deterministic stand-in used by analysis. */
    double mean();

    /** {@code c ~ U(low, high)}, uniform on the closed interval. */
    record Uniform(double low, double high) implements Initialiser {
        public Uniform {
            if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
                throw new InvalidWiringException(
                        "uniform initialiser needs finite low <= high, got U(" + low + ", " + high + ")");
            }
        }

        @Override
        public double sample(RandomGenerator random) {
            return low == high ? low : low + (high - low) * random.nextDouble();
        }

        @Override
        public double mean() {
            return 0.5 * (low + high);
        }

        @Override
        public String toString() {
            return "U(" + low + ", " + high + ")";
        }
    }

    /** {@code c = value}. */
    record Constant(double value) implements Initialiser {
        public Constant {
            if (!Double.isFinite(value)) {
                throw new InvalidWiringException("constant initialiser must be finite, got " + value);
            }
        }

        @Override
        public double sample(RandomGenerator random) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }

        @Override
        public String toString() {
            return "const(" + value + ")";
        }
    }

    static Initialiser uniform(double low, double high) {
        return new Uniform(low, high);
    }

    static Initialiser constant(double value) {
        return new Constant(value);
    }
}
