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
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link LinearCombinationVertex}: {@code c = constants + W θ} (scalars),
 * {@code y = Σ_i c_i x_i}; backward {@code dx_i = c_i dy}, {@code dθ = W^T dc} with {@code dc_i = <dy, x_i>}
 * (the inner product over the whole minibatch). Each term costs one element-wise pass forward and two
 * backward (the scaled gradient and the inner product), as the built-in scale-and-add form of fixed
 * coefficients does, plus the one reduction that a learnable coefficient needs.
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

    /**
     * {@code c = constants + W θ}, read from row 0 of {@code Θ}: every row of {@code Θ} is {@code θ}
     * (it is {@code 1 · θ}, the coefficient layer fed a column of ones).
     */
    private double[] coefficients(INDArray theta) {
        int p = (int) theta.size(1);
        double[] t = new double[p];
        for (int j = 0; j < p; j++) {
            t[j] = theta.getDouble(0, j);
        }
        double[] c = constants.clone();
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < p; j++) {
                c[i] += weights[i][j] * t[j];
            }
        }
        return c;
    }

    /**
     * {@code y = c_0 x_0 + Σ_(i≥1) c_i x_i}: one scaled copy, then one in-place {@code axpy} pass per further
     * term (no per-term temporaries).
     */
    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: inputs not set");
        }
        int m = constants.length;
        double[] c = coefficients(inputs[m]);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = inputs[0].mul(c[0]);
            for (int i = 1; i < m; i++) {
                Nd4j.getExecutioner().exec(new Axpy(inputs[i], out, out, c[i]));
            }
            return out;
        }
    }

    /**
     * {@code dx_i = c_i dy} (one pass each), {@code dc_i = <dy, x_i>} summed over the minibatch (one
     * reduction pass each), {@code dθ = W^T dc}, returned as row 0 of {@code dΘ} (zeros elsewhere), which the
     * coefficient layer sums over rows into {@code dθ}.
     */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: inputs or epsilon not set");
        }
        int m = constants.length;
        INDArray theta = inputs[m];
        double[] c = coefficients(theta);
        int p = (int) theta.size(1);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray[] gradients = new INDArray[m + 1];
            double[] dTheta = new double[p];
            for (int i = 0; i < m; i++) {
                gradients[i] = epsilon.mul(c[i]);
                double dc = Nd4j.getExecutioner().exec(new Dot(epsilon, inputs[i])).getDouble(0);
                for (int j = 0; j < p; j++) {
                    dTheta[j] += weights[i][j] * dc;
                }
            }
            INDArray dThetaRows = Nd4j.zeros(theta.dataType(), theta.size(0), p);
            for (int j = 0; j < p; j++) {
                dThetaRows.putScalar(0, j, dTheta[j]);
            }
            gradients[m] = dThetaRows;
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
