package org.schemenet.network;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link LinearCombinationVertex}: per example {@code e},
 * {@code c_e = Θ_e W^T + constants}, {@code y_e = Σ_i c_ei x_ie}; backward
 * {@code dx_ie = c_ei dy_e}, {@code dC_ei = <dy_e, x_ie>}, {@code dΘ = dC W}.
 */
final class LinearCombinationVertexImpl extends BaseGraphVertex {

    private final double[] constants;
    private final double[][] weights;

    LinearCombinationVertexImpl(ComputationGraph graph, String name, int index, double[] constants,
                                double[][] weights, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.constants = constants.clone();
        this.weights = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i].clone();
        }
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer getLayer() {
        return null;
    }

    /** {@code W} as {@code [m, p]} in the data type of the activations. */
    private INDArray weightMatrix(DataType type) {
        return Nd4j.createFromArray(weights).castTo(type);
    }

    /** {@code C = Θ W^T + constants}, {@code [mb, m]}. */
    private INDArray coefficients(INDArray theta) {
        INDArray c = theta.mmul(weightMatrix(theta.dataType()).transpose());
        return c.addiRowVector(Nd4j.createFromArray(constants).castTo(theta.dataType()).reshape(1, constants.length));
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: inputs not set");
        }
        int m = constants.length;
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray c = coefficients(inputs[m]);
            INDArray out = null;
            for (int i = 0; i < m; i++) {
                INDArray x = inputs[i];
                INDArray term = Broadcast.mul(x, c.getColumn(i).dup(), x.ulike(), 0);
                out = out == null ? term : out.addi(term);
            }
            return out;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: inputs or epsilon not set");
        }
        int m = constants.length;
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray theta = inputs[m];
            INDArray c = coefficients(theta);
            long mb = epsilon.size(0);
            INDArray[] gradients = new INDArray[m + 1];
            INDArray dc = Nd4j.create(theta.dataType(), mb, m);
            for (int i = 0; i < m; i++) {
                gradients[i] = Broadcast.mul(epsilon, c.getColumn(i).dup(), epsilon.ulike(), 0);
                INDArray product = epsilon.mul(inputs[i]).reshape(mb, -1);
                dc.putColumn(i, product.sum(1).reshape(mb, 1));
            }
            gradients[m] = dc.mmul(weightMatrix(theta.dataType()));
            return new Pair<>(null, gradients);
        }
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("LinearCombinationVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return "LinearCombinationVertex(" + vertexName + ")";
    }
}
