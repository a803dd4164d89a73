package org.schemenet.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the learnable scheme coefficients of any graph this compiler built, also one restored from a file
 * ({@code ModelSerializer}): the names travel in the {@link CoefficientVertex} configuration.
 */
public final class Coefficients {

    private Coefficients() {
    }

    /** Every learnable coefficient's current value by network-wide name, e.g. {@code stage2.unit3.beta0}. */
    public static Map<String, Double> of(ComputationGraph graph) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : graph.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof CoefficientVertex c) {
                Map<String, INDArray> params = graph.getVertex(e.getKey()).paramTable(false);
                String[] names = c.getNames();
                for (int i = 0; i < names.length; i++) {
                    values.put(names[i], params.get(c.parameterOf(i)).getDouble(0, c.columnOf(i)));
                }
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
