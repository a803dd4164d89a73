package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The pre-activation residual unit of He et al. (2016, "Identity Mappings"):
 * {@code f(x) = conv3x3(ReLU(BN(conv3x3_stride(ReLU(BN(x))))))}, as the layers
 * {@code bn1} (BN and ReLU, one {@link BatchNormRelu}), {@code conv1}, {@code bn2} (BN and ReLU), {@code conv2};
 * convolutions without bias,
 * zero padding 1 (as PyTorch's {@code padding=1}: output size {@code floor((H - 1) / stride) + 1}),
 * He-normal weights {@code N(0, 2 / fan_in)}, BN gamma 1, beta 0, eps 1e-5, running-average decay 0.9.
 *
 * <p>BN and ReLU are one layer of our own ({@link BatchNormRelu}): in DL4J 1.0.0-M2.1
 * {@code BatchNormalization.Builder().activation(RELU)} is silently ignored, and the separate layers cost
 * extra passes (docs/performance.md).
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
        graph.addLayer(name + ".bn1", batchNormRelu(shape.inChannels(), layout), input);
        graph.addLayer(name + ".conv1", conv(3, shape.inChannels(), shape.outChannels(), shape.stride(), l2, layout),
                name + ".bn1");
        graph.addLayer(name + ".bn2", batchNormRelu(shape.outChannels(), layout), name + ".conv1");
        graph.addLayer(name + ".conv2", conv(3, shape.outChannels(), shape.outChannels(), 1, l2, layout),
                name + ".bn2");
        return new UnitVertices(name + ".conv2", name + ".bn1");
    }

    /**
     * {@code ReLU(BN(x))} as one {@link BatchNormRelu} layer: gamma 1, beta 0, eps 1e-5 and running averages
     * {@code m <- 0.9 m + 0.1 batch} (PyTorch's defaults).
     */
    static BatchNormRelu batchNormRelu(int channels, ActivationLayout layout) {
        return BatchNormRelu.of(channels, layout.format());
    }

    /**
     * A {@code kernel x kernel} convolution without bias, padding {@code (kernel - 1) / 2}, He-normal weights,
     * L2 {@code l2} on the weights, as a {@link ChannelsLastConvolution} (DL4J's convolution without its
     * wasted input copy and forward recomputation).
     */
    static ChannelsLastConvolution conv(int kernel, int in, int out, int stride, double l2, ActivationLayout layout) {
        return ChannelsLastConvolution.of(kernel, in, out, stride, l2, layout.format());
    }
}
