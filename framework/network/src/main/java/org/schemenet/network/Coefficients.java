package org.schemenet.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.network.layers.ConstantOneVertex;

/**
 * Reads the learnable scheme coefficients of any graph this compiler built, also one restored from a file
 * ({@code ModelSerializer}): the names travel in the {@link CoefficientLayer} configuration (in files written
 * before that layer existed, in the {@link ConstantOneVertex} configuration, with the values in the dense
 * layers it fed).
 */
public final class Coefficients {

    private Coefficients() {
    }

    /** Every learnable coefficient's current value by network-wide name, e.g. {@code stage2.unit3.beta0}. */
    public static Map<String, Double> of(ComputationGraph graph) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : graph.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex v && v.getLayerConf().getLayer() instanceof CoefficientLayer c) {
                String[] names = c.getNames();
                INDArray theta = graph.getLayer(e.getKey()).getParam(CoefficientLayer.PARAMETER);
                for (int i = 0; i < names.length; i++) {
                    values.put(names[i], theta.getDouble(0, i));
                }
            } else if (e.getValue() instanceof ConstantOneVertex one) {
                String group = e.getKey().substring(0, e.getKey().length() - ".coefficients.one".length());
                String[] names = one.getNames();
                INDArray undecayed = weights(graph, group + ".coefficients");
                INDArray decayed = weights(graph, group + ".coefficients" + StageEmitter.DECAYED);
                long n = undecayed == null ? 0 : undecayed.length();
                for (int i = 0; i < names.length; i++) {
                    values.put(names[i], i < n ? undecayed.getDouble(0, i) : decayed.getDouble(0, i - n));
                }
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static INDArray weights(ComputationGraph graph, String layer) {
        return graph.getConfiguration().getVertices().containsKey(layer) ? graph.getLayer(layer).getParam("W") : null;
    }
}
