package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link OneDnnConvolutionBackward} computes the gradients libnd4j's {@code conv2d_bp} computes in DOUBLE (libnd4j's
 * own im2col/GEMM code, not oneDNN) at the network's channel counts, where oneDNN uses blocked layouts: 16 channels
 * (direct backward data), 32 and 64 (automatic), stride 1 and 2; batches of 16 and 32, where oneDNN picks
 * Winograd for the automatic algorithms (backward weights at every stride-1 shape, backward data at 32 and 64
 * channels; smaller batches get direct ones); arrays that are minibatch views with an offset; and a second call with
 * other data through the same cached primitives.
 */
class OneDnnConvolutionBackwardTest {

    private static Conv2DConfig config(int k, int s, int p) {
        return Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.OIYX).build();
    }

    /** max |a − b| <= 1e-4 · max |b|, b the DOUBLE reference. */
    private static void assertClose(INDArray reference, INDArray actual, String what) {
        double scale = reference.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": all-zero reference proves nothing");
        double error = reference.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(error <= 1e-4 * scale, what + ": max abs difference " + error + " against max " + scale);
    }

    @ParameterizedTest(name = "{0}x{1}x{1}, {2} -> {3} channels, kernel {4}, stride {5}")
    @CsvSource({"3, 9, 16, 16, 3, 1", "2, 8, 16, 32, 3, 2", "2, 6, 32, 32, 3, 1", "2, 4, 64, 64, 3, 1",
            "3, 7, 5, 16, 3, 1", "16, 16, 32, 32, 3, 1", "32, 32, 16, 16, 3, 1", "16, 8, 64, 64, 3, 1"})
    void matchesLibnd4jInDouble(int n, int size, int in, int out, int k, int s) {
        int p = (k - 1) / 2;
        int outSize = (size + 2 * p - k) / s + 1;
        Nd4j.getRandom().setSeed(11);
        // minibatch views with an offset: rows 1..n of n + 1
        INDArray xAll = Nd4j.rand(DataType.FLOAT, n + 1, size, size, in).subi(0.5);
        INDArray deltaAll = Nd4j.rand(DataType.FLOAT, n + 1, outSize, outSize, out).subi(0.5);
        INDArray x = xAll.get(NDArrayIndex.interval(1, n + 1));
        INDArray delta = deltaAll.get(NDArrayIndex.interval(1, n + 1));
        assertTrue(x.offset() > 0 && delta.offset() > 0, "the views should start inside their buffers");
        INDArray w = Nd4j.rand(DataType.FLOAT, out, in, k, k).subi(0.5);
        OneDnnConvolutionBackward backward = new OneDnnConvolutionBackward();
        OneDnnConvolutionBackward.Shape shape = new OneDnnConvolutionBackward.Shape(n, size, size, in, out, k, k, s, s,
                p, p);
        for (int call = 0; call < 2; call++) {
            if (call == 1) { // other data through the same primitives
                x.assign(Nd4j.rand(DataType.FLOAT, x.shape()).subi(0.5));
                delta.assign(Nd4j.rand(DataType.FLOAT, delta.shape()).subi(0.5));
            }
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, n, size, size, in);
            INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, out, in, k, k);
            backward.backward(shape, x, w, delta, dx, dw, LayerWorkspaceMgr.noWorkspaces());

            INDArray dxRef = Nd4j.create(DataType.DOUBLE, n, size, size, in);
            INDArray dwRef = Nd4j.create(DataType.DOUBLE, out, in, k, k);
            Libnd4j.conv2dBackprop(config(k, s, p), x.castTo(DataType.DOUBLE), w.castTo(DataType.DOUBLE),
                    delta.castTo(DataType.DOUBLE), dxRef, dwRef);
            assertClose(dxRef, dx, "input gradient, call " + (call + 1));
            assertClose(dwRef, dw, "weight gradient, call " + (call + 1));
        }
    }

    /**
     * At 16 channels oneDNN's blocked layout ({@code nChw16c}) and NHWC are the same bytes, so no activation is
     * copied (only the weights and their gradient); at 32 channels they differ and every activation is copied. The
     * values at 16 channels are checked by {@link #matchesLibnd4jInDouble}.
     */
    @Test
    void sixteenChannelActivationsAreNotCopied() {
        OneDnnConvolutionBackward backward = new OneDnnConvolutionBackward();
        assertEquals(List.of("weights", "weight gradient"),
                backward.copiedArguments(new OneDnnConvolutionBackward.Shape(3, 9, 9, 16, 16, 3, 3, 1, 1, 1, 1)));
        List<String> wide = backward.copiedArguments(new OneDnnConvolutionBackward.Shape(2, 6, 6, 32, 32, 3, 3, 1, 1,
                1, 1));
        assertTrue(wide.containsAll(List.of("delta", "input gradient", "x")), wide.toString());
    }

    @Test
    void truncatedConvolutionsAreLeftToLibnd4j() {
        // 1x1 stride 2 on width 6 (DL4J's Truncate mode drops the last column): right padding −1
        OneDnnConvolutionBackward.Shape truncated = new OneDnnConvolutionBackward.Shape(2, 7, 6, 3, 4, 1, 1, 2, 2,
                0, 0);
        assertFalse(truncated.supported());
        INDArray any = Nd4j.zeros(DataType.FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OneDnnConvolutionBackward()
                .backward(truncated, any, any, any, any, any, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("oneDNN cannot run"), e.getMessage());
        assertTrue(new OneDnnConvolutionBackward.Shape(2, 32, 32, 16, 32, 3, 3, 2, 2, 1, 1).supported());
    }
}
