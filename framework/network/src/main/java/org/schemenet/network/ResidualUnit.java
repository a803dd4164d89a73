package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** Writes one residual unit {@code f} into a graph: the "evaluation" of the stage wiring's IR. */
interface ResidualUnit {

    /**
     * Adds the unit's vertices, all named {@code name.*}.
     *
     * @param input the vertex the unit reads
     * @return the vertices computing {@code f(input)} and its pre-activation
     */
    UnitVertices add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input, UnitShape shape);
}
