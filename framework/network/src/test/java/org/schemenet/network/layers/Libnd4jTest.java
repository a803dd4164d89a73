package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Libnd4j}: the named convolution arguments land where libnd4j reads them (the encoding of ND4J's own
 * {@link Conv2D} op), and a convolution through the wrapper computes the cross-correlation written out by hand.
 */
class Libnd4jTest {

    @ParameterizedTest
    @CsvSource({"3, 3, 1, 1, 1, 1, NHWC, OIYX", "1, 1, 2, 2, 0, 0, NCHW, OIYX", "3, 2, 2, 1, 0, 1, NHWC, YXIO"})
    void integerArgumentsAreNd4jsOwn(int kH, int kW, int sH, int sW, int pH, int pW, String format,
                                     WeightsFormat weights) {
        Conv2DConfig config = Conv2DConfig.builder().kH(kH).kW(kW).sH(sH).sW(sW).pH(pH).pW(pW).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(format).weightsFormat(weights).build();
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 2);
        INDArray w = Nd4j.zeros(DataType.FLOAT, 3, 2, kH, kW);
        assertArrayEquals(new Conv2D(x, w, null, config).iArgs(), Libnd4j.integerArguments(config));
        assertEquals(11, Libnd4j.integerArguments(config).length);
    }

    /**
     * One image {@code 3x3}, one channel in and out, kernel {@code [[1, 2], [3, 4]]}, stride 1, no padding:
     * {@code y[i, j] = x[i, j] + 2 x[i, j+1] + 3 x[i+1, j] + 4 x[i+1, j+1]} with {@code x} = 1..9 row by row, so
     * {@code y = [[1+4+12+20, 2+6+15+24], [4+10+21+32, 5+12+24+36]] = [[37, 47], [67, 77]]}.
     */
    @ParameterizedTest
    @CsvSource({"NHWC", "NCHW"})
    void convolutionComputesTheCrossCorrelation(String format) {
        INDArray x = Nd4j.createFromArray(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f).reshape(
                "NHWC".equals(format) ? new long[]{1, 3, 3, 1} : new long[]{1, 1, 3, 3});
        INDArray w = Nd4j.createFromArray(1f, 2f, 3f, 4f).reshape(1, 1, 2, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, "NHWC".equals(format) ? new long[]{1, 2, 2, 1} : new long[]{1, 1, 2, 2});
        Conv2DConfig config = Conv2DConfig.builder().kH(2).kW(2).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(format).weightsFormat(WeightsFormat.OIYX).build();
        Libnd4j.conv2d(config, x, w, y);
        assertArrayEquals(new float[]{37, 47, 67, 77}, y.data().asFloat());
    }
}
