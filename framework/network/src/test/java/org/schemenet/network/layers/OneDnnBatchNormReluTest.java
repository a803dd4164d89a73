package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link OneDnnBatchNormRelu} against the formulas evaluated in double here, value by value: forward the batch mean
 * and biased variance, {@code y = max(0, γ x̂ + β)}; backward, with {@code g = dL/dy · [z > 0]},
 * {@code dL/dβ = Σ g}, {@code dL/dγ = Σ g x̂}, {@code dL/dx = (γ/σ̂)(g − dL/dβ / M − x̂ dL/dγ / M)}. Inputs with a
 * mean of 20 (the statistics must not cancel), γ, β and their gradients as views into larger vectors (as DL4J keeps
 * them), a channel count that is no multiple of oneDNN's block (5) and the network's 16 and 64, and a second call with
 * other data through the same cached primitives; inference with given statistics.
 */
class OneDnnBatchNormReluTest {

    private static final double EPSILON = 1e-3;
    private static final LayerWorkspaceMgr NONE = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest(name = "{0}x{1}x{2}x{3}")
    @CsvSource({"2, 3, 4, 5", "4, 6, 6, 16", "2, 3, 3, 64"})
    void matchesTheFormulas(int n, int h, int w, int c) {
        Nd4j.getRandom().setSeed(3);
        INDArray params = Nd4j.rand(DataType.FLOAT, 3 * c + 1).addi(0.5); // γ at 1..c, β at c+1..2c
        INDArray gamma = params.get(NDArrayIndex.interval(1, c + 1));
        INDArray beta = params.get(NDArrayIndex.interval(c + 1, 2 * c + 1)).subi(1.0);
        INDArray gradients = Nd4j.zeros(DataType.FLOAT, 2 * c + 3);
        INDArray dGamma = gradients.get(NDArrayIndex.interval(2, c + 2));
        INDArray dBeta = gradients.get(NDArrayIndex.interval(c + 3, 2 * c + 3));
        assertTrue(gamma.offset() > 0 && beta.offset() > 0 && dGamma.offset() > 0 && dBeta.offset() > 0);
        OneDnnBatchNormRelu bn = new OneDnnBatchNormRelu();
        long maskBytes = bn.maskBytes(new OneDnnBatchNormRelu.Geometry(n, h, w, c, (float) EPSILON));
        for (int call = 0; call < 2; call++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, n, h, w, c).muli(3 + call).addi(20);
            INDArray dy = Nd4j.rand(DataType.FLOAT, n, h, w, c).subi(0.5);
            INDArray y = x.ulike();
            INDArray dx = x.ulike();
            INDArray mean = Nd4j.createUninitialized(DataType.FLOAT, c);
            INDArray variance = Nd4j.createUninitialized(DataType.FLOAT, c);
            INDArray mask = Nd4j.createUninitialized(DataType.BYTE, maskBytes);
            bn.forward(x, gamma, beta, EPSILON, y, mean, variance, mask, NONE);
            bn.backward(x, gamma, beta, EPSILON, mean, variance, mask, dy, dx, dGamma, dBeta, NONE);

            int m = n * h * w;
            double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
            double[] dys = dy.castTo(DataType.DOUBLE).data().asDouble();
            double[] ys = y.castTo(DataType.DOUBLE).data().asDouble();
            double[] dxs = dx.castTo(DataType.DOUBLE).data().asDouble();
            double[] mu = new double[c];
            double[] var = new double[c];
            for (int i = 0; i < m * c; i++) {
                mu[i % c] += xs[i] / m;
            }
            for (int i = 0; i < m * c; i++) {
                var[i % c] += (xs[i] - mu[i % c]) * (xs[i] - mu[i % c]) / m;
            }
            double[] sumG = new double[c];
            double[] sumGXhat = new double[c];
            double[] xhat = new double[m * c];
            double[] g = new double[m * c];
            int positive = 0;
            for (int i = 0; i < m * c; i++) {
                int k = i % c;
                xhat[i] = (xs[i] - mu[k]) / Math.sqrt(var[k] + EPSILON);
                double z = gamma.getDouble(k) * xhat[i] + beta.getDouble(k);
                assertEquals(Math.max(0, z), ys[i], 1e-4 * (1 + Math.abs(z)), "call " + call + ", y at " + i);
                g[i] = z > 0 ? dys[i] : 0;
                positive += z > 0 ? 1 : 0;
                sumG[k] += g[i];
                sumGXhat[k] += g[i] * xhat[i];
            }
            assertTrue(positive > 0 && positive < m * c, "both sides of the ReLU: " + positive + " of " + m * c);
            for (int k = 0; k < c; k++) {
                assertEquals(mu[k], mean.getDouble(k), 1e-5 * Math.abs(mu[k]), "mean of channel " + k);
                assertEquals(var[k], variance.getDouble(k), 1e-4 * var[k], "variance of channel " + k);
                assertEquals(sumG[k], dBeta.getDouble(k), 1e-4 * (1 + Math.abs(sumG[k])), "dL/dβ of channel " + k);
                assertEquals(sumGXhat[k], dGamma.getDouble(k), 1e-4 * (1 + Math.abs(sumGXhat[k])),
                        "dL/dγ of channel " + k);
            }
            double largest = 0;
            for (double v : dxs) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest > 0, "all-zero input gradient proves nothing");
            for (int i = 0; i < m * c; i++) {
                int k = i % c;
                double expected = gamma.getDouble(k) / Math.sqrt(var[k] + EPSILON)
                        * (g[i] - sumG[k] / m - xhat[i] * sumGXhat[k] / m);
                assertEquals(expected, dxs[i], 1e-4 * largest, "call " + call + ", dL/dx at " + i);
            }
            for (int outside : new int[]{0, 1, c + 2}) {
                assertEquals(0.0, gradients.getDouble(outside), "gradient vector outside the views, at " + outside);
            }
        }
    }

    /** Inference with given statistics: {@code y = max(0, γ (x − μ) / sqrt(σ² + ε) + β)}, value by value. */
    @ParameterizedTest(name = "{0}x{1}x{2}x{3}")
    @CsvSource({"2, 3, 4, 5", "4, 6, 6, 16"})
    void infersWithTheGivenStatistics(int n, int h, int w, int c) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, h, w, c);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
        INDArray beta = Nd4j.rand(DataType.FLOAT, c).subi(0.5);
        INDArray mean = Nd4j.rand(DataType.FLOAT, c).subi(0.5);
        INDArray variance = Nd4j.rand(DataType.FLOAT, c).addi(0.2);
        INDArray y = x.ulike();
        new OneDnnBatchNormRelu().infer(x, gamma, beta, EPSILON, mean, variance, y, NONE);
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] ys = y.castTo(DataType.DOUBLE).data().asDouble();
        int positive = 0;
        for (int i = 0; i < xs.length; i++) {
            int k = i % c;
            double z = gamma.getDouble(k) * (xs[i] - mean.getDouble(k)) / Math.sqrt(variance.getDouble(k) + EPSILON)
                    + beta.getDouble(k);
            assertEquals(Math.max(0, z), ys[i], 1e-5 * (1 + Math.abs(z)), "y at " + i);
            positive += z > 0 ? 1 : 0;
        }
        assertTrue(positive > 0 && positive < xs.length, "both sides of the ReLU: " + positive);
    }

    @Test
    void refusesWhatItCannotRead() {
        OneDnnBatchNormRelu bn = new OneDnnBatchNormRelu();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 3, 4);
        INDArray v = Nd4j.ones(DataType.FLOAT, 4);
        INDArray y = x.ulike();
        INDArray mask = Nd4j.createUninitialized(DataType.BYTE,
                bn.maskBytes(OneDnnBatchNormRelu.Geometry.of(x, 1e-5)));
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x, Nd4j.ones(DataType.FLOAT, 3), v, 1e-5, y, v, v, mask, NONE));
        assertTrue(wrongCount.getMessage().contains("3 elements for 4 channels"), wrongCount.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x.castTo(DataType.DOUBLE), v, v, 1e-5, y, v, v, mask, NONE));
        assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x.permute(0, 2, 1, 3), v, v, 1e-5, y, v, v, mask, NONE));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x, v, v, 1e-5, y, v, v, Nd4j.createUninitialized(DataType.BYTE, 1), NONE));
        assertTrue(small.getMessage().contains("ReLU mask needs"), small.getMessage());
    }
}
