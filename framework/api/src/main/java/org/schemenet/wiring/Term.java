package org.schemenet.wiring;

/** One term {@code c · v} of a linear combination. */
public record Term(Coefficient coefficient, Value value) {
    public Term {
        if (coefficient == null || value == null) {
            throw new InvalidWiringException("a term needs a coefficient and a value");
        }
    }

    public static Term of(double coefficient, Value value) {
        return new Term(new Coefficient.Fixed(coefficient), value);
    }

    public static Term of(Coefficient coefficient, Value value) {
        return new Term(coefficient, value);
    }

    /** {@code c*v}; a derived coefficient (a sum) in parentheses, {@code (1.0 - unit2.beta0)*v1}. */
    @Override
    public String toString() {
        return (coefficient instanceof Coefficient.Derived ? "(" + coefficient + ")" : coefficient) + "*" + value;
    }
}
