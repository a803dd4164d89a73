package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * Shortcut option B: {@code P(x) = conv1x1_stride(ReLU(BN(x)))} without bias, He-normal weights, where
 * {@code ReLU(BN(x))} is the transition unit's own pre-activation (shared, as in the pre-activation
 * ResNet and the reference implementation).
 */
final class ProjectionShortcut implements ShortcutProjection {

    private final double l2;
    private final ActivationLayout layout;

    /**
     * @param l2     weight decay of the projection weights
     * @param layout layout of the activations
     */
    ProjectionShortcut(double l2, ActivationLayout layout) {
        this.l2 = l2;
        this.layout = layout;
    }

    @Override
    public String add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                      UnitVertices transitionUnit, UnitShape shape) {
        if (transitionUnit == null || transitionUnit.preActivation() == null) {
            throw new IllegalArgumentException(name + ": shortcut B projects the transition unit's pre-activation, "
                    + "so unit 0 must be evaluated on the stage entry before the shortcut");
        }
        graph.addLayer(name, PreActivationUnit.conv(1, shape.inChannels(), shape.outChannels(), shape.stride(), l2, layout),
                transitionUnit.preActivation());
        return name;
    }
}
