package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The pre-activation residual unit of He et al. (2016, "Identity Mappings"):
 * {@code f(x) = conv3x3(ReLU(BN(conv3x3_stride(ReLU(BN(x))))))}, convolutions without bias,
 * zero padding 1 (as PyTorch's {@code padding=1}: output size {@code floor((H - 1) / stride) + 1}),
 * He-normal weights {@code N(0, 2 / fan_in)}, BN gamma 1, beta 0, eps 1e-5, running-average decay 0.9.
 *
 * <p>BN and ReLU are separate layers: in DL4J 1.0.0-M2.1 {@code BatchNormalization.Builder().activation(RELU)}
 * is silently ignored.
 */
final class PreActivationUnit implements ResidualUnit {

    private final double l2;
    private final ActivationLayout layout;

    /**
     * @param l2     weight decay of the convolution weights (PyTorch's {@code weight_decay})
     * @param layout layout of the activations
     */
    PreActivationUnit(double l2, ActivationLayout layout) {
        this.l2 = l2;
        this.layout = layout;
    }

    @Override
    public UnitVertices add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                            UnitShape shape) {
        graph.addLayer(name + ".bn1", batchNorm(shape.inChannels(), layout), input);
        graph.addLayer(name + ".relu1", relu(), name + ".bn1");
        graph.addLayer(name + ".conv1", conv(3, shape.inChannels(), shape.outChannels(), shape.stride(), l2, layout),
                name + ".relu1");
        graph.addLayer(name + ".bn2", batchNorm(shape.outChannels(), layout), name + ".conv1");
        graph.addLayer(name + ".relu2", relu(), name + ".bn2");
        graph.addLayer(name + ".conv2", conv(3, shape.outChannels(), shape.outChannels(), 1, l2, layout),
                name + ".relu2");
        return new UnitVertices(name + ".conv2", name + ".relu1");
    }

    /** BN with gamma 1, beta 0, eps 1e-5 and running averages {@code m <- 0.9 m + 0.1 batch} (PyTorch's defaults). */
    static BatchNormalization batchNorm(int channels, ActivationLayout layout) {
        return new BatchNormalization.Builder().nIn(channels).nOut(channels).gamma(1.0).beta(0.0).eps(1e-5)
                .decay(0.9).dataFormat(layout.format()).build();
    }

    static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /**
     * A {@code kernel x kernel} convolution without bias, padding {@code (kernel - 1) / 2}, He-normal weights,
     * L2 {@code l2} on the weights.
     */
    static ConvolutionLayer conv(int kernel, int in, int out, int stride, double l2, ActivationLayout layout) {
        int pad = (kernel - 1) / 2;
        return new ConvolutionLayer.Builder(kernel, kernel).nIn(in).nOut(out).stride(stride, stride)
                .padding(pad, pad).convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU).l2(l2).dataFormat(layout.format()).build();
    }
}
