package org.schemenet.numerics;

import java.util.List;

/**
 * An empirical order of convergence: the least-squares slope {@code p} of {@code log e} against
 * {@code log h} over the asymptotic points of a step-size sequence {@code h, h/2, h/4, ...}.
 *
 * @param problem the test problem
 * @param order   the fitted slope, NaN when fewer than three usable points exist (e.g. the scheme is exact)
 * @param points  every run: step size and global error at the end time
 * @param fitted  how many of the last points entered the fit
 */
public record OrderEstimate(String problem, double order, List<Point> points, int fitted) {

    public OrderEstimate {
        points = List.copyOf(points);
    }

    /** One run: step size {@code h}, number of steps, max-norm global error at the end time. */
    public record Point(double h, int steps, double error) {
    }

    public boolean isMeasured() {
        return !Double.isNaN(order);
    }
}
