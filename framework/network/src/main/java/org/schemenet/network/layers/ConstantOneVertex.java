package org.schemenet.network.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kept so that networks saved before {@link CoefficientLayer} existed still load and train; the compiler no longer
 * emits it.
 *
 * <p>{@code 1}, one per example ({@code [minibatch, 1]}): the constant input of a stage's coefficient layer, whose
 * weights are the learnable coefficients {@code θ} (so {@code Θ = 1 · θ^T}, and {@code dL/dθ} sums over the
 * minibatch). It reads any activation only for the minibatch size, and carries the coefficients' network-wide
 * names (column order of {@code Θ}) so that a graph restored from a file still knows them
 * ({@code org.schemenet.network.Coefficients#of}). No parameters; plain bean for DL4J's JSON configuration.
 */
public class ConstantOneVertex extends ParameterFreeGraphVertex {

    private String[] names = new String[0];

    public ConstantOneVertex() {
    }

    public ConstantOneVertex(String[] names) {
        this.names = names.clone();
    }

    public String[] getNames() {
        return names.clone();
    }

    public void setNames(String[] names) {
        this.names = names.clone();
    }

    @Override
    public ConstantOneVertex clone() {
        return new ConstantOneVertex(names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantOneVertex v && Arrays.equals(names, v.names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                     INDArray paramsView, boolean initializeParams,
                                                                     DataType networkDatatype) {
        return new ConstantOneVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(1);
    }

    @Override
    public String toString() {
        return "ConstantOneVertex(" + String.join(", ", names) + ")";
    }
}
