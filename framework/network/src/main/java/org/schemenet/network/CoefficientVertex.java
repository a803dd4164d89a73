package org.schemenet.network;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.api.MaskState;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The learnable scheme coefficients of one stage, {@code θ = (θ_1, ..., θ_p)}, as trainable scalars.
 *
 * <p>Output: {@code Θ = 1 θ^T}, the row {@code θ} repeated for every example of the minibatch
 * ({@code [minibatch, p]}), so that every linear-combination vertex of the stage can read the same
 * parameters (a coefficient may be used by several combinations) and the gradient of each {@code θ_j}
 * is the sum of the gradients of every use. The input ("anchor", any activation of the minibatch) only
 * supplies the minibatch size.
 *
 * <p>Two parameter arrays: {@code theta} (not decayed) and {@code thetaDecayed} (L2 {@code l2}), so
 * weight decay is chosen per coefficient; this vertex states its regularisation itself rather than
 * relying on DL4J's weight/bias split. Plain bean (no-argument constructor, getters and setters) for
 * DL4J's JSON configuration.
 */
public class CoefficientVertex extends SameDiffVertex {

    public static final String THETA = "theta";
    public static final String THETA_DECAYED = "thetaDecayed";
    static final String ANCHOR = "anchor";

    private String[] names = new String[0];
    private double[] initial = new double[0];
    private double[] initialDecayed = new double[0];
    private double l2;
    private int anchorRank = 4;

    public CoefficientVertex() {
    }

    /**
     * @param names          network-wide names of the coefficients, in column order (undecayed, then decayed)
     * @param initial        initial values of the coefficients without decay (columns {@code 0..n-1})
     * @param initialDecayed initial values of the decayed ones (columns {@code n..p-1})
     * @param l2             L2 coefficient for the decayed ones
     * @param anchorRank     rank of the anchor activations (4 for convolutional)
     */
    public CoefficientVertex(String[] names, double[] initial, double[] initialDecayed, double l2, int anchorRank) {
        if (initial.length + initialDecayed.length == 0) {
            throw new IllegalArgumentException("a coefficient vertex needs at least one coefficient");
        }
        if (names.length != initial.length + initialDecayed.length) {
            throw new IllegalArgumentException("a coefficient vertex needs one name per coefficient, got "
                    + names.length + " names for " + (initial.length + initialDecayed.length));
        }
        this.names = names.clone();
        this.initial = initial.clone();
        this.initialDecayed = initialDecayed.clone();
        this.l2 = l2;
        this.anchorRank = anchorRank;
    }

    /** Number of coefficients {@code p}. */
    public int count() {
        return initial.length + initialDecayed.length;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs(ANCHOR);
        if (initial.length > 0) {
            params.addBiasParam(THETA, 1, initial.length);
        }
        if (initialDecayed.length > 0) {
            params.addWeightParam(THETA_DECAYED, 1, initialDecayed.length);
        }
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        SDVariable anchor = layerInput.get(ANCHOR);
        int[] dims = new int[anchorRank - 1];
        for (int d = 1; d < anchorRank; d++) {
            dims[d - 1] = d;
        }
        // [minibatch, 1] of ones, computed from the anchor so that it follows the minibatch size
        SDVariable ones = anchor.sum(dims).mul(0.0).add(1.0).reshape(-1, 1);
        SDVariable theta;
        if (initial.length > 0 && initialDecayed.length > 0) {
            theta = sd.concat(1, paramTable.get(THETA), paramTable.get(THETA_DECAYED));
        } else if (initial.length > 0) {
            theta = paramTable.get(THETA);
        } else {
            theta = paramTable.get(THETA_DECAYED);
        }
        return ones.mmul(theta);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (initial.length > 0) {
            params.get(THETA).assign(Nd4j.createFromArray(initial).reshape(1, initial.length));
        }
        if (initialDecayed.length > 0) {
            params.get(THETA_DECAYED).assign(Nd4j.createFromArray(initialDecayed).reshape(1, initialDecayed.length));
        }
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (THETA_DECAYED.equals(paramName) && l2 > 0) {
            return List.of(new L2Regularization(l2));
        }
        return List.of();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(count());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public CoefficientVertex clone() {
        return new CoefficientVertex(names, initial, initialDecayed, l2, anchorRank);
    }

    /** Network-wide names, in column order of the output (undecayed, then decayed). */
    public String[] getNames() {
        return names.clone();
    }

    public void setNames(String[] names) {
        this.names = names.clone();
    }

    /** The parameter and column holding coefficient {@code i} (in {@link #getNames()} order). */
    String parameterOf(int i) {
        return i < initial.length ? THETA : THETA_DECAYED;
    }

    int columnOf(int i) {
        return i < initial.length ? i : i - initial.length;
    }

    public double[] getInitial() {
        return initial.clone();
    }

    public void setInitial(double[] initial) {
        this.initial = initial.clone();
    }

    public double[] getInitialDecayed() {
        return initialDecayed.clone();
    }

    public void setInitialDecayed(double[] initialDecayed) {
        this.initialDecayed = initialDecayed.clone();
    }

    public double getL2() {
        return l2;
    }

    public void setL2(double l2) {
        this.l2 = l2;
    }

    public int getAnchorRank() {
        return anchorRank;
    }

    public void setAnchorRank(int anchorRank) {
        this.anchorRank = anchorRank;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CoefficientVertex v)) {
            return false;
        }
        return Arrays.equals(names, v.names) && Arrays.equals(initial, v.initial) && Arrays.equals(initialDecayed, v.initialDecayed) && l2 == v.l2
                && anchorRank == v.anchorRank;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(names) + 31 * Arrays.hashCode(initial) + Arrays.hashCode(initialDecayed)) + Double.hashCode(l2) + anchorRank;
    }

    @Override
    public String toString() {
        return "CoefficientVertex(p=" + count() + ", decayed=" + initialDecayed.length + ")";
    }
}
