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

    @Override
    public String toString() {
        return coefficient + "*" + value;
    }
}
