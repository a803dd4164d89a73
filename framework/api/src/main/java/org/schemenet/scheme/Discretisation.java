package org.schemenet.scheme;

import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * A scheme with its options fixed: a discretisation of {@code y' = F(y)} that emits the stage
 * wiring for any stage start. It must not depend on DL4J: two back ends (network compiler, ODE
 * interpreter) read the wiring it emits.
 */
public interface Discretisation {

    /** Human-readable, e.g. {@code Adams-Bashforth k=3, fixed coefficients}. */
    String description();

    /** The nominal order of accuracy, measured by the conformance kit with exact starting values. */
    int order();

    /** Residual units (evaluations of F) per step once started: 1 for multistep schemes, s for s-stage RK. */
    int evaluationsPerStep();

    /** How many past states and evaluations a step can use (0 for one-step schemes, k-1 for AB_k). */
    int historyDepth();

    /**
     * The wiring of one stage.
     *
     * @throws IllegalArgumentException (e.g. {@link org.schemenet.wiring.InvalidWiringException}) when the
     *         stage's unit count does not fit the scheme, with a message saying which counts do
     */
    StageWiring wire(StageStart start);
}
