package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * Shortcut option A: {@code P(x) = concat_channels(x[:, :, ::s, ::s], 0)}, subsample by the stride and
 * append {@code out - in} zero channels; no parameters. The subsampling is a 1x1 max pooling with
 * stride {@code s} (picks {@code x[:, :, ::s, ::s]}); the zeros are appended by one {@link ChannelZeroPadVertex}.
 */
final class ZeroPadShortcut implements ShortcutProjection {

    private final ActivationLayout layout;

    /** @param layout layout of the activations */
    ZeroPadShortcut(ActivationLayout layout) {
        this.layout = layout;
    }

    @Override
    public String add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                      UnitVertices transitionUnit, UnitShape shape) {
        String sub = input;
        if (shape.stride() != 1) {
            sub = name + ".subsample";
            graph.addLayer(sub, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1)
                    .stride(shape.stride(), shape.stride()).convolutionMode(ConvolutionMode.Truncate)
                    .dataFormat(layout.format()).build(), input);
        }
        int in = shape.inChannels();
        int pad = shape.outChannels() - in;
        if (pad < 0) {
            throw new IllegalArgumentException("shortcut A cannot shrink channels " + in + " -> " + shape.outChannels());
        }
        if (pad == 0) {
            return sub;
        }
        graph.addVertex(name, new ChannelZeroPadVertex(pad, layout), sub);
        return name;
    }
}
