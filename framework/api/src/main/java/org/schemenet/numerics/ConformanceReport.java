package org.schemenet.numerics;

import java.util.List;

/**
 * What the conformance kit found for one discretisation.
 *
 * @param description        the discretisation
 * @param nominalOrder       the order it claims
 * @param orders             empirical orders from exact starting values, one per test problem
 * @param coldOrders         empirical orders of a stage started cold (multistep startup included)
 * @param consistency        consistency check
 * @param rootCondition      zero-stability of the steady-state step
 * @param stabilityInterval  {@code x} such that {@code [-x, 0)} lies in the region of absolute stability
 *                           (capped at {@link ConformanceKit#MAX_INTERVAL})
 */
public record ConformanceReport(String description, int nominalOrder, List<OrderEstimate> orders,
                                List<OrderEstimate> coldOrders, Consistency consistency,
                                RootCondition rootCondition, double stabilityInterval) {

    /** How far a measured order may be from the nominal one. */
    public static final double ORDER_TOLERANCE = 0.3;

    public ConformanceReport {
        orders = List.copyOf(orders);
        coldOrders = List.copyOf(coldOrders);
    }

    /** Every measured order within {@link #ORDER_TOLERANCE} of nominal, consistent and zero-stable. */
    public boolean passes() {
        boolean anyMeasured = orders.stream().anyMatch(OrderEstimate::isMeasured);
        boolean ordersOk = orders.stream().filter(OrderEstimate::isMeasured)
                .allMatch(o -> Math.abs(o.order() - nominalOrder) <= ORDER_TOLERANCE);
        return anyMeasured && ordersOk && consistency.consistent() && rootCondition.satisfied();
    }
}
