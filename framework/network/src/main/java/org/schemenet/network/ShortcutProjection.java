package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** Writes the projection {@code P} of a transition's entry state: the IR's shortcut node. */
interface ShortcutProjection {

    /**
     * Adds {@code P(input)}, vertices named {@code name.*} (or {@code name} itself).
     *
     * @param transitionUnit the vertices of the stage's transition unit (unit 0), for shortcuts that
     *                       share its pre-activation
     * @param shape          the transition unit's shape: {@code P} maps its input shape to its output shape
     * @return the vertex computing {@code P(input)}
     */
    String add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
               UnitVertices transitionUnit, UnitShape shape);
}
