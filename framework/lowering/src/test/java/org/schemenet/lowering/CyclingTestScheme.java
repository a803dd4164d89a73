package org.schemenet.lowering;

import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import org.schemenet.wiring.Value;

/**
 * A test scheme whose steps cycle through kinds 0, 1, 2, ... ({@link #step}), each with the previous state and
 * evaluation as history (none before the first step of a cold stage; after a transition, the projected entry and the
 * transition's residual). First order, one evaluation per step, history depth 1: these schemes test the compiler, not
 * numerics.
 */
abstract class CyclingTestScheme implements Discretisation {

    /** What one step made: the evaluation that is the next step's history, and the new state. */
    record Next(Value evaluation, Value state) {
    }

    private final String description;

    CyclingTestScheme(String description) {
        this.description = description;
    }

    /**
     * Wires step number {@code kind} starting at unit {@code unit} from state {@code y}.
     *
     * @param yPrev the previous state, or null
     * @param fPrev the previous evaluation, or null
     */
    protected abstract Next step(StageWiring.Builder b, int kind, int unit, Value y, Value yPrev, Value fPrev);

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int order() {
        return 1;
    }

    @Override
    public final int evaluationsPerStep() {
        return 1;
    }

    @Override
    public final int historyDepth() {
        return 1;
    }

    @Override
    public final StageWiring wire(StageStart start) {
        StageWiring.Builder b = StageWiring.builder(start);
        Value y = b.state();
        Value yPrev = b.pastStates().isEmpty() ? null : b.pastStates().get(0);
        Value fPrev = b.pastEvaluations().isEmpty() ? null : b.pastEvaluations().get(0);
        for (int kind = 0; b.unitsLeft() > 0; kind++) {
            Next next = step(b, kind, b.start().units() - b.unitsLeft(), y, yPrev, fPrev);
            yPrev = y;
            fPrev = next.evaluation();
            y = next.state();
        }
        return b.build();
    }
}
