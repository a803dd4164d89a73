package org.schemenet.network;

/**
 * The graph vertices of one compiled residual unit.
 *
 * @param output        the vertex computing {@code f(x)}
 * @param preActivation the vertex computing the unit's pre-activation {@code ReLU(BN(x))}, which a
 *                      projection shortcut (option B) shares; {@code null} if the unit has none
 */
record UnitVertices(String output, String preActivation) {
}
