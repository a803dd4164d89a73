package org.schemenet.numerics;

/** A complex number {@code re + i·im}, for polynomial roots and stability regions. */
public record Complex(double re, double im) {
    public static final Complex ONE = new Complex(1, 0);

    public Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    public Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    public Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    public Complex dividedBy(Complex o) {
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    public double abs() {
        return Math.hypot(re, im);
    }

    @Override
    public String toString() {
        if (Math.abs(im) < 1e-12) {
            return String.format("%.6g", re);
        }
        return String.format("%.6g%s%.6gi", re, im < 0 ? "-" : "+", Math.abs(im));
    }
}
