package org.schemenet.network.layers;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link LinearCombinationVertex}: {@code c = constants + W θ} (scalars; just the constants
 * when the vertex has no learnable parameters), {@code y = Σ_i c_i x_i}; backward {@code dx_i = c_i dy},
 * {@code dθ = W^T dc} with {@code dc_i = <dy, x_i>} (the inner product over the whole minibatch).
 *
 * <p>Cost, in passes over an activation: forward {@code m - 1} when some coefficient is 1 (the first pass is
 * {@code y = x_a + c_b x_b}, each further term one in-place {@code axpy}), else {@code m}; backward one (scaled)
 * copy per term, plus one inner product per term whose coefficient depends on learnable parameters. DL4J's built-in
 * {@code ScaleVertex} + {@code ElementWiseVertex} form makes an extra array and pass per scaled term forward and
 * backward, so this vertex is never more work and also serves fixed coefficients.
 */
final class LinearCombinationVertexImpl extends ParameterFreeVertex {

    private final double[] constants;
    private final double[][] weights;
    /** Number of learnable parameters θ (0: fixed coefficients, no Θ input). */
    private final int p;

    LinearCombinationVertexImpl(ComputationGraph graph, String name, int index, double[] constants,
                                double[][] weights, DataType dataType) {
        super(graph, name, index, dataType);
        this.constants = constants.clone();
        this.weights = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i].clone();
        }
        this.p = weights.length == 0 ? 0 : weights[0].length;
    }

    /**
     * {@code c = constants + W θ}, θ read from row 0 of {@code Θ} (its only row; in networks saved before
     * {@link CoefficientLayer} existed, every row of {@code Θ} is {@code θ}).
     */
    private double[] coefficients() {
        double[] c = constants.clone();
        if (p == 0) {
            return c;
        }
        INDArray theta = inputs[constants.length];
        double[] t = new double[p];
        for (int j = 0; j < p; j++) {
            t[j] = theta.getDouble(0, j);
        }
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < p; j++) {
                c[i] += weights[i][j] * t[j];
            }
        }
        return c;
    }

    /** Whether coefficient {@code i} depends on some learnable parameter (a non-zero weight). */
    private boolean dependsOnParameters(int i) {
        for (double w : weights[i]) {
            if (w != 0.0) {
                return true;
            }
        }
        return false;
    }

    /** The first term whose coefficient is exactly 1, or -1. */
    private static int unitTerm(double[] c) {
        for (int i = 0; i < c.length; i++) {
            if (c[i] == 1.0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: inputs not set");
        }
        int m = constants.length;
        double[] c = coefficients();
        int base = unitTerm(c);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out;
            int done;
            if (base >= 0 && m > 1) {
                int other = base == 0 ? 1 : 0;
                out = inputs[base].ulike();
                Nd4j.getExecutioner().exec(new Axpy(inputs[other], inputs[base], out, c[other]));
                done = other;
            } else {
                base = 0;
                out = inputs[0].mul(c[0]);
                done = 0;
            }
            for (int i = 0; i < m; i++) {
                if (i != base && i != done) {
                    Nd4j.getExecutioner().exec(new Axpy(inputs[i], out, out, c[i]));
                }
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
        double[] c = coefficients();
        INDArray dTheta = thetaGradient(workspaceMgr);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray[] gradients = new INDArray[m + (p > 0 ? 1 : 0)];
            // each input gets its own array in this vertex's gradient workspace (DL4J validates the location and
            // adds the gradients of a value read by several vertices into the first one in place)
            for (int i = 0; i < m; i++) {
                gradients[i] = c[i] == 1.0 ? epsilon.dup() : epsilon.mul(c[i]);
            }
            if (p > 0) {
                gradients[m] = dTheta;
            }
            return new Pair<>(null, gradients);
        }
    }

    /** The number {@code m} of terms {@code x_i}; a vertex with learnable coefficients reads {@code Θ} after them. */
    int terms() {
        return constants.length;
    }

    /** The coefficients {@code c = constants + W θ} of this pass, with θ from the current {@code Θ} input. */
    double[] currentCoefficients() {
        return coefficients();
    }

    /**
     * {@code dL/dΘ}: row 0 holds {@code dθ = W^T dc} with {@code dc_i = <dy, x_i>} over the terms whose coefficient
     * depends on θ (the other rows 0), in the activation-gradient workspace of {@code workspaceMgr}; null when the
     * coefficients are fixed.
     */
    INDArray thetaGradient(LayerWorkspaceMgr workspaceMgr) {
        if (p == 0) {
            return null;
        }
        int m = constants.length;
        double[] dTheta = new double[p];
        for (int i = 0; i < m; i++) {
            if (dependsOnParameters(i)) { // a fixed term of a learnable combination needs no inner product
                double dc = innerProduct(epsilon, inputs[i]);
                for (int j = 0; j < p; j++) {
                    dTheta[j] += weights[i][j] * dc;
                }
            }
        }
        INDArray theta = inputs[m];
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray dThetaRows = Nd4j.zeros(theta.dataType(), theta.size(0), p);
            for (int j = 0; j < p; j++) {
                dThetaRows.putScalar(0, j, dTheta[j]);
            }
            return dThetaRows;
        }
    }

    /**
     * {@code <a, b> = Σ_i a_i b_i} over all elements: BLAS {@code sdot}/{@code ddot} on the flat views when both
     * arrays are dense c-order of one floating type (0.45 ms against 1.8 ms for libnd4j's {@code Dot} on two
     * 128x32x32x16 float arrays, docs/performance.md attempt 18), libnd4j's {@code Dot} otherwise.
     */
    static double innerProduct(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("inner product of arrays of " + a.length() + " and " + b.length()
                    + " elements");
        }
        if (a.dataType() == b.dataType() && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && dense(a) && dense(b)) {
            return Nd4j.getBlasWrapper().level1().dot(a.length(), 1.0, a.reshape(a.length()), b.reshape(b.length()));
        }
        return Nd4j.getExecutioner().exec(new Dot(a, b)).getDouble(0);
    }

    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }
}
