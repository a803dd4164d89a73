package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.schemenet.lowering.LoweredNode;
import org.schemenet.lowering.UnitShape;
import org.schemenet.network.layers.ChannelZeroPadVertex;

/**
 * Shortcut option A: {@code P(x) = concat_channels(x[:, :, ::s, ::s], 0)}, subsample by the stride and
 * append {@code out - in} zero channels; no parameters. The subsampling is a 1x1 max pooling {@code name.subsample}
 * with stride {@code s} (picks {@code x[:, :, ::s, ::s]}); the zeros are appended by one {@link ChannelZeroPadVertex}
 * {@code name}.
 */
final class ZeroPadShortcut implements ShortcutProjection {

    private final ActivationLayout layout;

    /** @param layout layout of the activations */
    ZeroPadShortcut(ActivationLayout layout) {
        this.layout = layout;
    }

    @Override
    public String add(ComputationGraphConfiguration.GraphBuilder graph, LoweredNode.Shortcut shortcut, String input,
                      UnitVertices transitionUnit) {
        UnitShape shape = shortcut.shape();
        String sub = input;
        if (shape.stride() != 1) {
            sub = shortcut.name() + ".subsample";
            graph.addLayer(sub, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1)
                    .stride(shape.stride(), shape.stride()).convolutionMode(ConvolutionMode.Truncate)
                    .dataFormat(layout.format()).build(), input);
        }
        int pad = shape.outChannels() - shape.inChannels(); // >= 0: checked by the lowered node
        if (pad == 0) {
            return sub;
        }
        graph.addVertex(shortcut.name(), new ChannelZeroPadVertex(pad, layout.format()), sub);
        return shortcut.name();
    }
}
