package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.schemenet.lowering.LoweredNode;

/** Writes the projection {@code P} of a transition's entry state: a lowered {@code Shortcut} node. */
interface ShortcutProjection {

    /**
     * Adds {@code P(input)}, vertices named {@code shortcut.name()} and {@code shortcut.name().*}.
     *
     * @param input          the vertex holding the entry state
     * @param transitionUnit the vertices of the stage's transition unit (unit 0), for shortcuts that share its
     *                       pre-activation; null if it was not evaluated before the shortcut
     * @return the vertex computing {@code P(input)}
     */
    String add(ComputationGraphConfiguration.GraphBuilder graph, LoweredNode.Shortcut shortcut, String input,
               UnitVertices transitionUnit);
}
