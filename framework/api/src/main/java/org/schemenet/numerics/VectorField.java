package org.schemenet.numerics;

/** An autonomous vector field {@code F: R^d -> R^d} of the ODE {@code y' = F(y)}. */
@FunctionalInterface
public interface VectorField {
    /** {@code F(y)}; must not modify {@code y}. */
    double[] apply(double[] y);
}
