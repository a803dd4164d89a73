package org.schemenet.network.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = Σ_i c_i · x_i} with coefficients affine in the stage's learnable parameters,
 * {@code c_i = constant_i + Σ_j weights[i][j] · θ_j}: a {@code Coefficient.Fixed} has no weights, a
 * {@code Learnable} is one weight 1, a {@code Derived} (e.g. {@code 1 - Σ β}) its constant and weights.
 * The derived coefficients are computed in the graph, so gradients flow through the constraint to θ:
 * {@code dL/dx_i = c_i · dL/dy}, {@code dL/dθ_j = Σ_i weights[i][j] <dL/dy, x_i>} (inner products over the
 * whole minibatch).
 *
 * <p>Inputs: {@code x_0 .. x_(m-1)}, then, if some coefficient is learnable ({@code p > 0}), {@code Θ}, the {@code [1, p]} output of the combination's {@link CoefficientLayer}
 * ({@code θ}; in networks saved before that layer existed, {@code [minibatch, p]} with every row {@code θ}: the
 * vertex reads row 0 and returns {@code dL/dθ} as row 0 of {@code dL/dΘ}). No parameters of its own (a hand-written DL4J vertex, not a SameDiffVertex:
 * in DL4J 1.0.0-M2.1 the latter returned wrong gradients here). Plain bean for DL4J's JSON configuration.
 */
public class LinearCombinationVertex extends ParameterFreeGraphVertex {

    private double[] constants = new double[0];
    private double[][] weights = new double[0][];

    public LinearCombinationVertex() {
    }

    /**
     * @param constants {@code constant_i}, one per value
     * @param weights   {@code weights[i]} of length p, one row per value
     */
    public LinearCombinationVertex(double[] constants, double[][] weights) {
        if (constants.length == 0 || constants.length != weights.length) {
            throw new IllegalArgumentException("a linear combination needs one constant and one weight row per value, got "
                    + constants.length + " and " + weights.length);
        }
        for (double[] row : weights) {
            if (row == null || row.length != weights[0].length) {
                throw new IllegalArgumentException("every value needs a weight row of the same length p");
            }
        }
        this.constants = constants.clone();
        this.weights = deepCopy(weights);
    }

    /** Number of combined values {@code m}. */
    public int terms() {
        return constants.length;
    }

    public double[] getConstants() {
        return constants.clone();
    }

    public void setConstants(double[] constants) {
        this.constants = constants.clone();
    }

    public double[][] getWeights() {
        return deepCopy(weights);
    }

    public void setWeights(double[][] weights) {
        this.weights = deepCopy(weights);
    }

    @Override
    public LinearCombinationVertex clone() {
        return new LinearCombinationVertex(constants, weights);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearCombinationVertex v && Arrays.equals(constants, v.constants)
                && Arrays.deepEquals(weights, v.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(constants) + Arrays.deepHashCode(weights);
    }

    /** Number of learnable parameters {@code p} the coefficients depend on (0: all fixed, no {@code Θ} input). */
    public int parameters() {
        return weights.length == 0 ? 0 : weights[0].length;
    }

    @Override
    public int minVertexInputs() {
        return constants.length + (parameters() > 0 ? 1 : 0);
    }

    @Override
    public int maxVertexInputs() {
        return minVertexInputs();
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                     INDArray paramsView, boolean initializeParams,
                                                                     DataType networkDatatype) {
        return new LinearCombinationVertexImpl(graph, name, idx, constants, weights, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public String toString() {
        return "LinearCombinationVertex(constants=" + Arrays.toString(constants) + ", weights="
                + Arrays.deepToString(weights) + ")";
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
