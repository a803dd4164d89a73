package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.schemenet.lowering.UnitShape;

/** Writes one residual unit {@code f} into a graph: a lowered {@code Unit} node (the wiring's evaluation). */
interface ResidualUnit {

    /**
     * Adds the unit's vertices, all named {@code name.*}.
     *
     * @param input the vertex the unit reads
     * @return the vertices computing {@code f(input)} and its pre-activation
     */
    UnitVertices add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input, UnitShape shape);
}
