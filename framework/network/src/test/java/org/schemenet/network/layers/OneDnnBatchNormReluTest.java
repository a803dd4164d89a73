package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link OneDnnBatchNormRelu} computes {@code max(0, γ (x − μ) / sqrt(σ² + ε) + β)} per channel, checked element by
 * element against the formula evaluated in double here, with γ and β as views into a larger parameter vector (as
 * DL4J keeps them), a channel count that is no multiple of oneDNN's block (5) and the network's 16 and 64, and a
 * second call with other statistics through the same cached primitive.
 */
class OneDnnBatchNormReluTest {

    @ParameterizedTest(name = "{0}x{1}x{2}x{3}")
    @CsvSource({"2, 3, 4, 5", "4, 6, 6, 16", "2, 3, 3, 64"})
    void matchesTheFormula(int n, int h, int w, int c) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, h, w, c);
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 3 * c + 1).addi(0.5); // γ at 1..c, β at c+1..2c (shifted)
        INDArray gamma = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(1, c + 1));
        // point(0) leaves rank-1 views
        INDArray beta = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(c + 1, 2 * c + 1)).subi(1.0);
        assertTrue(gamma.offset() > 0 && beta.offset() > 0);
        OneDnnBatchNormRelu bn = new OneDnnBatchNormRelu();
        double epsilon = 1e-3;
        for (int call = 0; call < 2; call++) {
            INDArray mean = Nd4j.rand(DataType.FLOAT, c).subi(0.5).muli(call + 1);
            INDArray variance = Nd4j.rand(DataType.FLOAT, c).addi(0.1 * (call + 1));
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, n, h, w, c);
            bn.forward(x, mean, variance, gamma, beta, y, epsilon);
            int positive = 0;
            int zero = 0;
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < h; a++) {
                    for (int b = 0; b < w; b++) {
                        for (int k = 0; k < c; k++) {
                            double z = gamma.getDouble(k) * (x.getDouble(i, a, b, k) - mean.getDouble(k))
                                    / Math.sqrt(variance.getDouble(k) + epsilon) + beta.getDouble(k);
                            double expected = Math.max(0.0, z);
                            assertEquals(expected, y.getDouble(i, a, b, k), 1e-5 * (1 + Math.abs(z)),
                                    "call " + (call + 1) + " at " + i + "," + a + "," + b + "," + k);
                            if (z > 0) {
                                positive++;
                            } else {
                                zero++;
                            }
                        }
                    }
                }
            }
            assertTrue(positive > 0 && zero > 0, "both sides of the ReLU: " + positive + " / " + zero);
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        OneDnnBatchNormRelu bn = new OneDnnBatchNormRelu();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 3, 4);
        INDArray v = Nd4j.ones(DataType.FLOAT, 4);
        INDArray y = x.ulike();
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x, Nd4j.ones(DataType.FLOAT, 3), v, v, v, y, 1e-5));
        assertTrue(wrongCount.getMessage().contains("3 elements for 4 channels"), wrongCount.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x.castTo(DataType.DOUBLE), v, v, v, v, y, 1e-5));
        assertThrows(IllegalArgumentException.class,
                () -> bn.forward(x.permute(0, 2, 1, 3), v, v, v, v, y, 1e-5));
    }
}
