package org.schemenet.network.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every DL4J layer configuration's {@code instantiate} does after creating its running layer (copied from
 * DL4J 1.0.0-M2.1's own layers): listeners, index, the parameter view, the parameter table from the
 * configuration's initializer, and the configuration. Shared by {@link BatchNormRelu} and
 * {@link ChannelsLastConvolution}, whose running layers are ours.
 */
final class LayerInstantiation {

    private LayerInstantiation() {
    }

    static <L extends Layer> L attach(L layer, ParamInitializer initializer, NeuralNetConfiguration conf,
                                      Collection<TrainingListener> trainingListeners, int layerIndex,
                                      INDArray layerParamsView, boolean initializeParams) {
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
