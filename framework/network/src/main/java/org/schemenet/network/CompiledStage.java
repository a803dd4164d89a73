package org.schemenet.network;

import java.util.List;
import org.schemenet.wiring.StageWiring;

/**
 * Where one stage of a scheme's wiring ended up in the graph.
 *
 * @param index             1-based stage number
 * @param wiring            the wiring the scheme emitted for this stage
 * @param outputVertex      the vertex computing the stage output (the last step's state)
 * @param coefficientVertex the {@link CoefficientVertex} holding the stage's learnable coefficients,
 *                          or {@code null} if it has none
 * @param coefficients      the stage's learnable coefficients, in wiring order
 */
public record CompiledStage(int index, StageWiring wiring, String outputVertex, String coefficientVertex,
                            List<Slot> coefficients) {

    public CompiledStage {
        coefficients = List.copyOf(coefficients);
    }

    /** Residual units in this stage (a transition stage's unit 0 included). */
    public int units() {
        return wiring.units();
    }

    /** Steps of the scheme in this stage (a transition counts as one). */
    public int steps() {
        return wiring.steps().size();
    }

    /**
     * One learnable coefficient.
     *
     * @param name      network-wide name, the stage-local name prefixed by the stage: {@code stage2.unit3.beta0}
     * @param localName the name in the wiring: {@code unit3.beta0}
     * @param parameter the {@link CoefficientVertex} parameter holding it ({@code theta} or {@code thetaDecayed})
     * @param column    its column in that parameter
     */
    public record Slot(String name, String localName, String parameter, int column) {
        public boolean decayed() {
            return CoefficientVertex.THETA_DECAYED.equals(parameter);
        }
    }
}
