package org.schemenet.schemes.adams;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact rational number {@code numerator / denominator}, kept in lowest terms with a positive
 * denominator: the arithmetic behind the exact Adams–Bashforth coefficients.
 */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {

    public static final Fraction ZERO = of(0);
    public static final Fraction ONE = of(1);

    public Fraction {
        if (numerator == null || denominator == null) {
            throw new IllegalArgumentException("a fraction needs a numerator and a denominator");
        }
        if (denominator.signum() == 0) {
            throw new ArithmeticException("denominator is zero: " + numerator + "/0");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
    }

    public static Fraction of(long n) {
        return new Fraction(BigInteger.valueOf(n), BigInteger.ONE);
    }

    public static Fraction of(long numerator, long denominator) {
        return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** The exact value of a finite double (every double is a dyadic rational). */
    public static Fraction ofExactly(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        BigDecimal exact = new BigDecimal(value);
        return exact.scale() <= 0 ? new Fraction(exact.toBigIntegerExact(), BigInteger.ONE)
                : new Fraction(exact.unscaledValue(), BigInteger.TEN.pow(exact.scale()));
    }

    public Fraction plus(Fraction o) {
        return new Fraction(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Fraction minus(Fraction o) {
        return plus(o.negate());
    }

    public Fraction times(Fraction o) {
        return new Fraction(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Fraction dividedBy(Fraction o) {
        return new Fraction(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public Fraction negate() {
        return new Fraction(numerator.negate(), denominator);
    }

    /** The nearest double (correctly rounded through a 34-digit decimal quotient). */
    public double doubleValue() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128).doubleValue();
    }

    @Override
    public int compareTo(Fraction o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
