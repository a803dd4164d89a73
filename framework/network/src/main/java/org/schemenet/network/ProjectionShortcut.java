package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.schemenet.lowering.LoweredNode;
import org.schemenet.lowering.UnitShape;

/**
 * Shortcut option B: {@code P(x) = conv1x1_stride(ReLU(BN(x)))} without bias, He-normal weights, where
 * {@code ReLU(BN(x))} is the transition unit's own pre-activation (shared, as in the pre-activation
 * ResNet and the reference implementation); one convolution {@code name}.
 */
final class ProjectionShortcut implements ShortcutProjection {

    private final LayerSet layers;
    private final double l2;
    private final ActivationLayout layout;

    /**
     * @param layers the back end's layer implementations
     * @param l2     weight decay of the projection weights
     * @param layout layout of the activations
     */
    ProjectionShortcut(LayerSet layers, double l2, ActivationLayout layout) {
        this.layers = layers;
        this.l2 = l2;
        this.layout = layout;
    }

    @Override
    public String add(ComputationGraphConfiguration.GraphBuilder graph, LoweredNode.Shortcut shortcut, String input,
                      UnitVertices transitionUnit) {
        if (transitionUnit == null || transitionUnit.preActivation() == null) {
            throw new IllegalArgumentException(shortcut.name() + ": shortcut B projects the transition unit's "
                    + "pre-activation, which this unit does not have");
        }
        UnitShape shape = shortcut.shape();
        graph.addLayer(shortcut.name(), layers.convolution(1, shape.inChannels(), shape.outChannels(), shape.stride(),
                l2, layout), transitionUnit.preActivation());
        return shortcut.name();
    }
}
