package org.schemenet.network;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.wiring.StageWiring;

/**
 * Where one stage of a scheme's wiring ended up in the graph.
 *
 * @param index        1-based stage number
 * @param wiring       the wiring the scheme emitted for this stage
 * @param outputVertex the vertex computing the stage output (the last step's state)
 * @param coefficients the stage's learnable coefficients, by coefficient group in the order of their first
 *                     combination, undecayed first within a group
 */
public record CompiledStage(int index, StageWiring wiring, String outputVertex, List<Slot> coefficients) {

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

    /** Writes each coefficient's initial value into its layer (after {@code ComputationGraph#init()}). */
    void initialise(ComputationGraph graph) {
        for (Slot s : coefficients) {
            INDArray w = graph.getLayer(s.layer()).getParam(CoefficientLayer.PARAMETER);
            w.putScalar(0, s.column(), s.initial());
        }
    }

    /**
     * One learnable coefficient {@code θ}: column {@code column} of the parameter {@code θ} ({@code [1, p]}) of the
     * {@link CoefficientLayer} {@code layer}.
     *
     * @param name      network-wide name, the stage-local name prefixed by the stage: {@code stage2.unit3.beta0}
     * @param localName the name in the wiring: {@code unit3.beta0}
     * @param layer     the coefficient layer, {@code stageS.vI.coefficients} or {@code stageS.vI.coefficients.decayed}
     *                  ({@code vI}: the first combination of its coefficient group)
     * @param column    its column in that layer's weights
     * @param initial   its value before training (drawn from its initialiser)
     */
    public record Slot(String name, String localName, String layer, int column, double initial) {
        public boolean decayed() {
            return layer.endsWith(StageEmitter.DECAYED);
        }
    }
}
