package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.schemenet.lowering.UnitShape;

/**
 * The pre-activation residual unit of He et al. (2016, "Identity Mappings"):
 * {@code f(x) = conv3x3(ReLU(BN(conv3x3_stride(ReLU(BN(x))))))}, as {@code bn1} (BN and ReLU), {@code conv1},
 * {@code bn2} (BN and ReLU), {@code conv2}; convolutions without bias, zero padding 1 (as PyTorch's
 * {@code padding=1}: output size {@code floor((H - 1) / stride) + 1}), He-normal weights {@code N(0, 2 / fan_in)},
 * BN gamma 1, beta 0, eps 1e-5, running-average decay 0.9. The layer implementations are the back end's
 * ({@link LayerSet}): on the CPU BN and ReLU are one layer of our own, because in DL4J 1.0.0-M2.1
 * {@code BatchNormalization.Builder().activation(RELU)} is silently ignored and the separate layers cost extra
 * passes (docs/performance.md).
 */
final class PreActivationUnit implements ResidualUnit {

    private final LayerSet layers;
    private final double l2;
    private final ActivationLayout layout;

    /**
     * @param layers the back end's layer implementations
     * @param l2     weight decay of the convolution weights (PyTorch's {@code weight_decay})
     * @param layout layout of the activations
     */
    PreActivationUnit(LayerSet layers, double l2, ActivationLayout layout) {
        this.layers = layers;
        this.l2 = l2;
        this.layout = layout;
    }

    @Override
    public UnitVertices add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                            UnitShape shape) {
        String bn1 = layers.batchNormRelu(graph, name + ".bn1", input, shape.inChannels(), layout);
        graph.addLayer(name + ".conv1", layers.convolution(3, shape.inChannels(), shape.outChannels(), shape.stride(),
                l2, layout), bn1);
        String bn2 = layers.batchNormRelu(graph, name + ".bn2", name + ".conv1", shape.outChannels(), layout);
        graph.addLayer(name + ".conv2", layers.convolution(3, shape.outChannels(), shape.outChannels(), 1, l2, layout),
                bn2);
        return new UnitVertices(name + ".conv2", bn1);
    }
}
