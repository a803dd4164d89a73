package org.schemenet.network.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running layer of {@link ChannelsLastConvolution}: a bias-free convolution with the identity activation,
 * {@code y = W * x} (cross-correlation, zero padding {@code p}, stride {@code s}, output
 * {@code floor((H + 2p - kH) / s) + 1}), backward {@code dL/dW = sum_{n,i,j} delta * xp} and
 * {@code dL/dx = W^T * delta} (the transposed convolution), {@code delta = dL/dy} (formulas in
 * {@link ChannelsLastConvolution}). Computed by libnd4j's {@code conv2d} / {@code conv2d_bp} in the layer's own
 * layout (NCHW or NHWC) with weights {@code [out, in, kH, kW]}; libnd4j runs oneDNN for FLOAT and its own
 * im2col/GEMM code otherwise, whatever DL4J's helper switch says. The backward pass of FLOAT NHWC convolutions on
 * the CPU runs oneDNN's primitives directly instead ({@link OneDnnConvolutionBackward}: created once per shape,
 * where libnd4j's {@code conv2d_bp} builds them on every call and picks a slow algorithm for 16 channels).
 *
 * <p>Why it exists: DL4J 1.0.0-M2.1's {@link ConvolutionLayer} with its oneDNN helper (1) copies the whole NHWC
 * input to NCHW in {@code preOutput} although the helper convolves the original NHWC input, and (2) runs the
 * forward convolution again in {@code backpropGradient} ({@code preOutput4d(true, true, ...)}) only to apply the
 * activation's derivative, a no-op for the identity. Here the forward pass is one {@code conv2d} into the
 * activations workspace and the backward pass is one call ({@link OneDnnConvolutionBackward}, or {@code conv2d_bp})
 * with the incoming epsilon as delta.
 * It can go, with its configuration, once the DL4J version in the root pom does neither (read its
 * {@code ConvolutionLayer} source after an upgrade); {@code ChannelsLastConvolutionTest} then shows DL4J's layer
 * computes the same function.
 *
 * <p>Inputs and epsilons that are not c-contiguous (e.g. permuted views) are copied first: libnd4j M2.1's
 * {@code conv2d} can silently compute wrong values for them (seen with a permuted FLOAT input when this copy was
 * removed). Contiguous views with an offset (minibatch slices) are passed as they are.
 *
 * <p>Not supported (rejected by the configuration): bias, other activations, dilation, {@code Same} mode,
 * dropout, weight noise. {@link #getHelper()} is {@code null}: DL4J's {@code MKLDNNConvHelper} is not used.
 */
final class ChannelsLastConvolutionLayer extends ConvolutionLayer {

    /** oneDNN's backward primitives for this layer's shapes, made on the first backward pass on the CPU. */
    private OneDnnConvolutionBackward oneDnn;

    ChannelsLastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        helper = null; // created by the super constructor; this layer calls libnd4j itself
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null) {
            throw new IllegalArgumentException("Cannot perform forward pass with null input " + layerId());
        }
        return convolve(workspaceMgr);
    }

    /** The activations (the identity of the pre-output); no im2col array. */
    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(forBackprop);
        return new Pair<>(convolve(workspaceMgr), null);
    }

    /** BaseLayer's dense pre-output would be wrong for a convolution; same as {@link #activate}. */
    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return convolve(workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (epsilon == null) {
            throw new IllegalArgumentException("Cannot perform backprop with null epsilon " + layerId());
        }
        INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray x = checkedInput(weights, workspaceMgr, ArrayType.BP_WORKING_MEM);
        long[] outShape = outputShape(x, weights);
        if (!Arrays.equals(epsilon.shape(), outShape)) {
            throw new DL4JInvalidInputException("Epsilon of shape " + Arrays.toString(epsilon.shape())
                    + " does not match the output shape " + Arrays.toString(outShape) + " ("
                    + layerConf().getCnn2dDataFormat() + ") " + layerId());
        }
        INDArray delta = cContiguous(epsilon.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY); // [out, in, kH, kW], c
        OneDnnConvolutionBackward.Shape shape = oneDnnShape(x, weights);
        if (shape != null) {
            if (oneDnn == null) {
                oneDnn = new OneDnnConvolutionBackward();
            }
            oneDnn.backward(shape, x, weights, delta, gradAtInput, weightGrad, workspaceMgr);
        } else {
            Libnd4j.conv2dBackprop(config(padding()), x, weights, delta, gradAtInput, weightGrad);
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, gradAtInput);
    }

    /**
     * The shape for {@link OneDnnConvolutionBackward}, or {@code null} where libnd4j's {@code conv2d_bp} runs
     * instead: anything but FLOAT NHWC on the CPU back end, and truncated convolutions oneDNN cannot express.
     */
    private OneDnnConvolutionBackward.Shape oneDnnShape(INDArray x, INDArray weights) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
        if (dataType != DataType.FLOAT || conf.getCnn2dDataFormat() != CNN2DFormat.NHWC
                || !Nd4j.getEnvironment().isCPU()) {
            return null;
        }
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] p = padding();
        OneDnnConvolutionBackward.Shape shape = new OneDnnConvolutionBackward.Shape(x.size(0), x.size(1), x.size(2),
                weights.size(1), weights.size(0), k[0], k[1], s[0], s[1], p[0], p[1]);
        return shape.supported() ? shape : null;
    }

    /** y = conv2d(x, W), created in the ACTIVATIONS workspace in the layer's layout. */
    private INDArray convolve(LayerWorkspaceMgr workspaceMgr) {
        INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray x = checkedInput(weights, workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(x, weights),
                'c');
        Libnd4j.conv2d(config(padding()), x, weights, out);
        return out;
    }

    /**
     * The input, validated (rank 4, channel count), in the network's data type and c-contiguous (copied into
     * {@code copyType}'s workspace only when it is not).
     */
    private INDArray checkedInput(INDArray weights, LayerWorkspaceMgr workspaceMgr, ArrayType copyType) {
        validateInputRank();
        validateInputDepth(weights.size(1));
        return cContiguous(input.castTo(dataType), workspaceMgr, copyType);
    }

    private static INDArray cContiguous(INDArray a, LayerWorkspaceMgr workspaceMgr, ArrayType copyType) {
        if (a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)) {
            return a;
        }
        return workspaceMgr.dup(copyType, a, 'c');
    }

    /** [n, out, oH, oW] (NCHW) or [n, oH, oW, out] (NHWC); also validates the sizes (DL4J's check). */
    private long[] outputShape(INDArray x, INDArray weights) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
        CNN2DFormat format = conf.getCnn2dDataFormat();
        int[] size = ConvolutionUtils.getOutputSize(x, conf.getKernelSize(), conf.getStride(), conf.getPadding(),
                conf.getConvolutionMode(), conf.getDilation(), format);
        long out = weights.size(0);
        return format == CNN2DFormat.NHWC ? new long[]{x.size(0), size[0], size[1], out}
                : new long[]{x.size(0), out, size[0], size[1]};
    }

    private int[] padding() {
        return layerConf().getPadding();
    }

    /**
     * This layer's convolution for libnd4j with the given padding: its kernel and stride, dilation 1, explicit
     * padding, its data format, weights {@code [out, in, kH, kW]} ({@code OIYX}).
     */
    private Conv2DConfig config(int[] padding) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        return Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(padding[0]).pW(padding[1]).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? Conv2DConfig.NHWC : Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.OIYX).build();
    }
}
