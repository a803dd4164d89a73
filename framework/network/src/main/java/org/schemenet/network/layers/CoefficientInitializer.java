package org.schemenet.network.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameters of a {@link CoefficientLayer}: one weight {@code W = θ} of shape {@code [1, p]}, initialised to 0
 * (the compiler then writes each coefficient's initial value), L2 as configured on the layer; no bias.
 */
final class CoefficientInitializer implements ParamInitializer {

    static final String WEIGHT_KEY = "W";

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return ((CoefficientLayer) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        long p = numParams(conf);
        if (paramsView.length() != p) {
            throw new IllegalStateException("expected a parameter view of length " + p + ", got " + paramsView.length());
        }
        INDArray w = paramsView.reshape(1, p);
        if (initializeParams) {
            w.assign(0.0);
        }
        conf.addVariable(WEIGHT_KEY);
        Map<String, INDArray> table = Collections.synchronizedMap(new LinkedHashMap<>());
        table.put(WEIGHT_KEY, w);
        return table;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        Map<String, INDArray> table = new LinkedHashMap<>();
        table.put(WEIGHT_KEY, gradientView.reshape(1, numParams(conf)));
        return table;
    }
}
