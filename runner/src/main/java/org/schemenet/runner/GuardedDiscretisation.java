package org.schemenet.runner;

import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * A plugin's configured scheme behind the {@link FaultBoundary}: {@code description()},
 * {@code order()}, {@code evaluationsPerStep()} and {@code historyDepth()} were read once and
 * checked when it was configured; {@code wire()} runs inside the boundary every time (the
 * conformance kit, the stability function and the network compiler all call it), and an
 * {@link IllegalArgumentException} from it — a unit count the scheme cannot wire — passes through.
 */
record GuardedDiscretisation(Discretisation plugin, FaultBoundary boundary, String description, int order,
                             int evaluationsPerStep, int historyDepth) implements Discretisation {

    static GuardedDiscretisation of(Discretisation plugin, FaultBoundary boundary) {
        if (plugin instanceof GuardedDiscretisation g) {
            return g;
        }
        String description = boundary.call("description()", plugin::description);
        int order = boundary.call("order()", plugin::order);
        int evaluations = boundary.call("evaluationsPerStep()", plugin::evaluationsPerStep);
        int depth = boundary.call("historyDepth()", plugin::historyDepth);
        if (evaluations < 1) {
            throw new PluginFault(boundary.jar(), boundary.owner() + ": evaluationsPerStep() returned " + evaluations
                    + "; a step evaluates at least one residual unit", null);
        }
        if (depth < 0 || order < 0) {
            throw new PluginFault(boundary.jar(), boundary.owner() + ": " + (depth < 0 ? "historyDepth() returned "
                    + depth : "order() returned " + order) + "; it must be >= 0", null);
        }
        return new GuardedDiscretisation(plugin, boundary, description, order, evaluations, depth);
    }

    @Override
    public StageWiring wire(StageStart start) {
        return boundary.call("wire(" + start + ")", true, () -> plugin.wire(start));
    }
}
