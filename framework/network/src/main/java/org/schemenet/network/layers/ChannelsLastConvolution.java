package org.schemenet.network.layers;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a 2-d convolution without bias and with the identity activation that runs libnd4j's
 * {@code conv2d} / {@code conv2d_bp} directly, the FLOAT NHWC backward pass through oneDNN's primitives
 * ({@link ChannelsLastConvolutionLayer}), in NCHW or NHWC:
 *
 * <pre>
 *   y[n, o, i, j] = sum_{c < C_in} sum_{a < kH} sum_{b < kW} W[o, c, a, b] * xp[n, c, s*i + a, s*j + b]
 * </pre>
 * a cross-correlation ({@code W} is not flipped) of the input {@code x} zero-padded by {@code p} rows/columns on
 * each side ({@code xp}), stride {@code s}; output size {@code floor((H + 2p - kH) / s) + 1} (DL4J's
 * {@link ConvolutionMode#Truncate}). Backward, with {@code delta = dL/dy} (the activation is the identity):
 * <pre>
 *   dL/dW[o, c, a, b] = sum_{n, i, j} delta[n, o, i, j] * xp[n, c, s*i + a, s*j + b]
 *   dL/dx[n, c, h, w] = sum_{o, a, b, i, j : s*i + a - p = h, s*j + b - p = w} W[o, c, a, b] * delta[n, o, i, j]
 * </pre>
 * (indices written NCHW; in NHWC only the memory order of {@code x}, {@code y} and the gradients changes).
 *
 * <p>Parameters are those of DL4J's {@link ConvolutionLayer} (same {@code ConvolutionParamInitializer}): one
 * array {@code "W"} of shape {@code [out, in, kH, kW]}, initialised identically, so
 * {@code net.setParams(...)} of a network built with the plain DL4J layer gives the same function. The JSON
 * form is DL4J's with this class name; a public no-argument constructor exists for DL4J's Jackson mapper.
 *
 * <p>Why it exists: in DL4J 1.0.0-M2.1 {@code org.deeplearning4j.nn.layers.convolution.ConvolutionLayer}, when its
 * oneDNN helper ({@code MKLDNNConvHelper}) runs it, wastes work on every step: (1) {@code preOutput} copies the
 * whole NHWC input to NCHW ({@code input.permute(0,3,1,2).dup()}) although the helper then convolves the original
 * NHWC input and only sizes are read from the copy; (2) {@code backpropGradient} calls
 * {@code preOutput4d(true, true, ...)}, i.e. runs the forward convolution a second time, only to apply the
 * activation's derivative, which for the identity is a no-op. The running layer does neither.
 *
 * <p>Restrictions (the fast path implements nothing else; checked when built and again when instantiated, since
 * JSON and a network's global defaults bypass the builder): identity activation, no bias, dilation 1, convolution
 * mode {@code Truncate} or {@code Strict} (not {@code Same}), no dropout, no weight noise.
 *
 * <p>When it can go: when the DL4J version in the root pom neither copies the input in {@code preOutput} nor
 * recomputes the forward pass in {@code backpropGradient} for the identity activation (read its
 * {@code ConvolutionLayer} source), use DL4J's {@link ConvolutionLayer} with the same {@link #settings} (as the
 * network compiler already does on the CUDA back end); {@code ChannelsLastConvolutionTest} shows the two compute the
 * same function.
 */
public class ChannelsLastConvolution extends ConvolutionLayer {

    /** For DL4J's JSON (Jackson) deserialisation only; fields are then set through the bean setters. */
    public ChannelsLastConvolution() {
    }

    private ChannelsLastConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
        checkSupported();
    }

    /**
     * A {@code kernel x kernel} convolution without bias, padding {@code (kernel - 1) / 2}, stride
     * {@code stride}, {@link ConvolutionMode#Truncate}, identity activation, He-normal weights
     * ({@link WeightInit#RELU}: {@code N(0, 2 / (in * kernel^2))}), L2 {@code l2} on the weights: {@link #settings}
     * as this layer.
     */
    public static ChannelsLastConvolution of(int kernel, int in, int out, int stride, double l2, CNN2DFormat format) {
        return from(settings(kernel, in, out, stride, l2, format));
    }

    /**
     * The network's convolution as DL4J's builder: {@code settings(...).build()} is DL4J's own
     * {@link ConvolutionLayer} computing what {@link #of} computes.
     *
     * @param kernel square kernel size, >= 1
     * @param in     input channels, >= 1
     * @param out    output channels, >= 1
     * @param stride stride in both directions, >= 1
     * @param l2     L2 coefficient on the weights, >= 0
     * @param format activation layout (input and output)
     */
    public static ConvolutionLayer.Builder settings(int kernel, int in, int out, int stride, double l2,
                                                    CNN2DFormat format) {
        if (kernel < 1 || in < 1 || out < 1 || stride < 1 || !(l2 >= 0) || format == null) {
            throw new IllegalArgumentException("convolution needs kernel, channels and stride >= 1, l2 >= 0 and a "
                    + "format, got kernel " + kernel + ", in " + in + ", out " + out + ", stride " + stride + ", l2 "
                    + l2 + ", format " + format);
        }
        int pad = (kernel - 1) / 2;
        return new ConvolutionLayer.Builder(kernel, kernel).nIn(in).nOut(out).stride(stride, stride)
                .padding(pad, pad).convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU).l2(l2).dataFormat(format);
    }

    /**
     * This layer configured as DL4J's {@link ConvolutionLayer} built from {@code builder} would be (same
     * validation as {@code ConvolutionLayer.Builder#build()}).
     *
     * @throws IllegalArgumentException if the builder asks for what the fast path does not implement: an
     *                                  activation other than the identity (it must be set explicitly), a bias, a
     *                                  dilation other than 1, or {@link ConvolutionMode#Same}
     */
    public static ChannelsLastConvolution from(ConvolutionLayer.Builder builder) {
        ConvolutionUtils.validateConvolutionModePadding(builder.getConvolutionMode(), builder.getPadding());
        ConvolutionUtils.validateCnnKernelStridePadding(builder.getKernelSize(), builder.getStride(),
                builder.getPadding());
        try {
            return new ChannelsLastConvolution(builder);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalStateException if this configuration asks for what {@link ChannelsLastConvolutionLayer} does not
     *                               implement
     */
    void checkSupported() {
        String name = "ChannelsLastConvolution \"" + getLayerName() + "\"";
        if (!(getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalStateException(name + " supports only the identity activation (add a separate "
                    + "ActivationLayer), got " + getActivationFn());
        }
        if (hasBias()) {
            throw new IllegalStateException(name + " has no bias; configure hasBias(false)");
        }
        if (dilation == null || dilation.length != 2 || dilation[0] != 1 || dilation[1] != 1) {
            throw new IllegalStateException(name + " supports only dilation 1, got " + Arrays.toString(dilation));
        }
        if (convolutionMode == ConvolutionMode.Same) {
            throw new IllegalStateException(name + " does not implement ConvolutionMode.Same; use Truncate with "
                    + "explicit padding");
        }
        if (getIDropout() != null) {
            throw new IllegalStateException(name + " does not implement dropout, got " + getIDropout());
        }
        if (getWeightNoise() != null) {
            throw new IllegalStateException(name + " does not implement weight noise, got " + getWeightNoise());
        }
    }

    /** As DL4J's {@link ConvolutionLayer#instantiate}, but creates a {@link ChannelsLastConvolutionLayer}. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ChannelsLastConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        checkSupported();
        return LayerInstantiation.attach(new ChannelsLastConvolutionLayer(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ChannelsLastConvolution clone() {
        return (ChannelsLastConvolution) super.clone();
    }

    /**
     * Equal to another {@code ChannelsLastConvolution} with equal settings (DL4J's Lombok-generated comparison of
     * all fields); never equal to a plain DL4J {@link ConvolutionLayer}, in either direction (see
     * {@link #canEqual}).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelsLastConvolution && super.equals(o);
    }

    /** Lombok's symmetry hook: a plain {@link ConvolutionLayer}'s {@code equals} asks this and gets {@code false}. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof ChannelsLastConvolution;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + 7;
    }

    @Override
    public String toString() {
        return "ChannelsLast" + super.toString();
    }
}
