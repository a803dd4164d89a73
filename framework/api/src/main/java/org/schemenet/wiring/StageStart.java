package org.schemenet.wiring;

/**
 * How a stage begins, and so what history its first steps can use.
 *
 * <ul>
 *   <li>{@link Cold}: the entry state only (the first stage of a network, after the stem);</li>
 *   <li>{@link Transition}: unit 0 is a downsampling Euler step with a shortcut,
 *       {@code y_1 = P(y_0) + f_0(y_0)}; it hands the scheme the state {@code y_1}, the past state
 *       {@code P(y_0)} and the past evaluation {@code f_0(y_0)};</li>
 *   <li>{@link Warm}: exact history given from outside (ODE interpreter only), {@code depth} past
 *       states and evaluations, so a multistep scheme runs at full order from its first step.</li>
 * </ul>
 */
public sealed interface StageStart {

    /** Residual units available in the stage, including a transition's unit 0. */
    int units();

    /**
     * How stage {@code stage} (0-based) of a network starts: the first stage cold, every later one
     * with a transition, as the network compiler builds them.
     */
    static StageStart inNetwork(int stage, int units) {
        if (stage < 0) {
            throw new InvalidWiringException("stage index must be >= 0, got " + stage);
        }
        return stage == 0 ? new Cold(units) : new Transition(units);
    }

    record Cold(int units) implements StageStart {
        public Cold {
            requirePositive(units);
        }
    }

    record Transition(int units) implements StageStart {
        public Transition {
            requirePositive(units);
        }
    }

    record Warm(int units, int depth) implements StageStart {
        public Warm {
            requirePositive(units);
            if (depth < 0) {
                throw new InvalidWiringException("warm start depth must be >= 0, got " + depth);
            }
        }
    }

    private static void requirePositive(int units) {
        if (units < 1) {
            throw new InvalidWiringException("a stage needs at least one residual unit, got " + units);
        }
    }
}
