package org.schemenet.network;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code y = Σ_i c_i · x_i} with coefficients affine in the stage's learnable parameters,
 * {@code c_i = constant_i + Σ_j weights[i][j] · θ_j}: a {@code Coefficient.Fixed} has no weights, a
 * {@code Learnable} is one weight 1, a {@code Derived} (e.g. {@code 1 - Σ β}) is its constant and weights.
 * The derived coefficients are computed in the graph, so gradients flow through the constraint to θ.
 *
 * <p>Inputs: {@code x0 .. x(m-1)}, then {@code theta}, the {@code [minibatch, p]} output of the stage's
 * {@link CoefficientVertex}. No parameters of its own. Plain bean for DL4J's JSON configuration.
 */
public class LinearCombinationVertex extends SameDiffVertex {

    static final String THETA = "theta";

    private double[] constants = new double[0];
    private double[][] weights = new double[0][];
    private int valueRank = 4;

    public LinearCombinationVertex() {
    }

    /**
     * @param constants {@code constant_i}, one per value
     * @param weights   {@code weights[i]} of length p, one row per value
     * @param valueRank rank of the combined activations (4 for convolutional)
     */
    public LinearCombinationVertex(double[] constants, double[][] weights, int valueRank) {
        if (constants.length == 0 || constants.length != weights.length) {
            throw new IllegalArgumentException("a linear combination needs one constant and one weight row per value, got "
                    + constants.length + " and " + weights.length);
        }
        this.constants = constants.clone();
        this.weights = deepCopy(weights);
        this.valueRank = valueRank;
    }

    /** Number of combined values {@code m}. */
    public int terms() {
        return constants.length;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        String[] inputs = new String[constants.length + 1];
        for (int i = 0; i < constants.length; i++) {
            inputs[i] = "x" + i;
        }
        inputs[constants.length] = THETA;
        params.defineInputs(inputs);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        SDVariable theta = layerInput.get(THETA);
        long[] perExample = new long[valueRank];
        Arrays.fill(perExample, 1);
        perExample[0] = -1;
        SDVariable sum = null;
        for (int i = 0; i < constants.length; i++) {
            SDVariable x = layerInput.get("x" + i);
            SDVariable term;
            if (isFixed(i)) {
                term = constants[i] == 1.0 ? x : x.mul(constants[i]);
            } else {
                INDArray w;
                // constants must outlive any workspace open while DL4J first defines the vertex
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    w = Nd4j.createFromArray(weights[i]).reshape(weights[i].length, 1).castTo(theta.dataType());
                }
                SDVariable c = theta.mmul(sd.constant(w)).add(constants[i]).reshape(perExample);
                term = x.mul(c);
            }
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    private boolean isFixed(int i) {
        for (double w : weights[i]) {
            if (w != 0.0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // no parameters of its own
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public LinearCombinationVertex clone() {
        return new LinearCombinationVertex(constants, weights, valueRank);
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

    public int getValueRank() {
        return valueRank;
    }

    public void setValueRank(int valueRank) {
        this.valueRank = valueRank;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LinearCombinationVertex v)) {
            return false;
        }
        return Arrays.equals(constants, v.constants) && Arrays.deepEquals(weights, v.weights) && valueRank == v.valueRank;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(constants) + Arrays.deepHashCode(weights)) + valueRank;
    }

    @Override
    public String toString() {
        return "LinearCombinationVertex(m=" + constants.length + ")";
    }
}
