package org.schemenet.network.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * Configuration side of the network's hand-written vertices ({@link ParameterFreeVertex} is the running side):
 * no parameters, and a memory report of the output only (no working or cache memory of their own).
 */
abstract class ParameterFreeGraphVertex extends GraphVertex {

    @Override
    public final long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public final MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], getOutputType(-1, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
