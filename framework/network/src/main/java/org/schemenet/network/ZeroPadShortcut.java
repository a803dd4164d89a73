package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.schemenet.lowering.LoweredNode;
import org.schemenet.lowering.UnitShape;
import org.schemenet.network.layers.ChannelZeroPadVertex;

/**
 * Shortcut option A: {@code P(x) = concat_channels(x[:, :, ::s, ::s], 0)}, subsample by the stride and
 * append {@code out - in} zero channels; no parameters. Two {@link ChannelZeroPadVertex}: {@code name.subsample}
 * with stride {@code s} and no zero channels (a strided copy), then {@code name} with the zero channels. Until
 * 2026-12-06 {@code name.subsample} was a 1x1 max pooling layer (about twice the time); the vertices keep its name
 * and place, so the graph's topological order, and with it the order of the parameters, is the same in both forms:
 * checkpoints written then resume into networks compiled now, and load as they were.
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
            graph.addVertex(sub, new ChannelZeroPadVertex(0, shape.stride(), layout.format()), input);
        }
        int pad = shape.outChannels() - shape.inChannels(); // >= 0: checked by the lowered node
        if (pad == 0) {
            return sub;
        }
        graph.addVertex(shortcut.name(), new ChannelZeroPadVertex(pad, layout.format()), sub);
        return shortcut.name();
    }
}
