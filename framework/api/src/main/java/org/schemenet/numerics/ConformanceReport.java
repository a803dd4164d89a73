package org.schemenet.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the conformance kit found for one discretisation.
 *
 * @param description        the discretisation
 * @param nominalOrder       the order it claims
 * @param orders             empirical orders from exact starting values, one per test problem
 * @param coldOrders         empirical orders of a stage started cold (multistep startup included)
 * @param transitionOrders   empirical orders of a stage started by a transition (as every stage of a network after
 *                           the first: an Euler step with the shortcut, the identity here, then the scheme)
 * @param consistency        consistency check
 * @param rootCondition      zero-stability of the steady-state step
 * @param stabilityInterval  {@code x} such that {@code [-x, 0)} lies in the region of absolute stability
 *                           (capped at {@link ConformanceKit#MAX_INTERVAL}); NaN when not measured
 *                           ({@link ConformanceKit#orders})
 * @param orderTolerance     how far a measured order may be from the nominal one
 */
public record ConformanceReport(String description, int nominalOrder, List<OrderEstimate> orders,
                                List<OrderEstimate> coldOrders, List<OrderEstimate> transitionOrders,
                                Consistency consistency, RootCondition rootCondition, double stabilityInterval,
                                double orderTolerance) {

    /** How far a measured order may be from the nominal one with the default settings. */
    public static final double ORDER_TOLERANCE = ConformanceKit.Settings.DEFAULT.orderTolerance();

    public ConformanceReport {
        orders = List.copyOf(orders);
        coldOrders = List.copyOf(coldOrders);
        transitionOrders = List.copyOf(transitionOrders);
    }

    /** A report with the default order tolerance. */
    public ConformanceReport(String description, int nominalOrder, List<OrderEstimate> orders,
                             List<OrderEstimate> coldOrders, List<OrderEstimate> transitionOrders,
                             Consistency consistency, RootCondition rootCondition, double stabilityInterval) {
        this(description, nominalOrder, orders, coldOrders, transitionOrders, consistency, rootCondition,
                stabilityInterval, ORDER_TOLERANCE);
    }

    /**
     * Every order measured from exact start values within {@link #orderTolerance} of nominal, every stage started
     * cold or by a transition convergent (measured order at least {@code 1 - orderTolerance}: its first steps may
     * cost order, but the stage must converge), consistent and zero-stable.
     */
    public boolean passes() {
        return failures().isEmpty();
    }

    /**
     * Why the discretisation fails, one line per property, measured against claimed; empty when it
     * passes. E.g. {@code order on riccati y'=-y^2: measured 1.000, claimed 3 (allowed 2.7 to 3.3)}.
     */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        if (orders.stream().noneMatch(OrderEstimate::isMeasured)) {
            out.add("order: not measurable on any problem (no three runs with an error in the usable range; "
                    + "claimed " + nominalOrder + ")");
        }
        for (OrderEstimate o : orders) {
            if (o.isMeasured() && Math.abs(o.order() - nominalOrder) > orderTolerance) {
                out.add(String.format(Locale.ROOT, "order on %s: measured %.3f, claimed %d (allowed %s to %s)",
                        o.problem(), o.order(), nominalOrder, trim(nominalOrder - orderTolerance),
                        trim(nominalOrder + orderTolerance)));
            }
        }
        startup("started cold", coldOrders, out);
        startup("after a transition", transitionOrders, out);
        if (!consistency.consistent()) {
            out.add("consistency: " + consistency.explanation());
        }
        if (!rootCondition.satisfied()) {
            out.add(String.format(Locale.ROOT, "zero-stability: the root condition fails, roots of rho %s "
                    + "(largest modulus %.4f; every root needs |zeta| <= 1, simple on the unit circle)",
                    rootCondition.roots(), rootCondition.spectralRadius()));
        }
        return List.copyOf(out);
    }

    /**
     * A stage started {@code how} must converge: a measured order below {@code 1 - orderTolerance}, or errors that
     * do not shrink from the coarsest run to the finest, is a failure.
     */
    private void startup(String how, List<OrderEstimate> estimates, List<String> out) {
        for (OrderEstimate o : estimates) {
            if (o.isMeasured() && o.order() < 1 - orderTolerance) {
                out.add(String.format(Locale.ROOT, "%s, order on %s: measured %.3f; a stage started this way must"
                        + " still converge (allowed from %s)", how, o.problem(), o.order(), trim(1 - orderTolerance)));
            } else if (!o.isMeasured() && !o.points().isEmpty()) {
                double coarse = o.points().get(0).error();
                double fine = o.points().get(o.points().size() - 1).error();
                if (!(fine < coarse)) {
                    out.add(String.format(Locale.ROOT, "%s, on %s: the error does not shrink with h (%.3g at %d"
                            + " steps, %.3g at %d steps)", how, o.problem(), coarse, o.points().get(0).steps(),
                            fine, o.points().get(o.points().size() - 1).steps()));
                }
            }
        }
    }

    /** The smallest measured order from exact start values, NaN when none was measured. */
    public double lowestMeasuredOrder() {
        return orders.stream().filter(OrderEstimate::isMeasured).mapToDouble(OrderEstimate::order).min()
                .orElse(Double.NaN);
    }

    private static String trim(double x) {
        return String.format(Locale.ROOT, "%.2f", x).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
