package org.schemenet.network;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation followed by ReLU as one layer: {@code y = max(0, γ (x - μ) / sqrt(σ² + ε) + β)} per
 * channel, with the batch mean {@code μ} and biased variance {@code σ²} in training and the running averages
 * at inference. Parameters, their names, initialisation, running-average updates and JSON form are those of
 * DL4J's {@link BatchNormalization} (this class only changes the layer that runs, {@link BatchNormReluLayer}), so
 * a network with this layer has exactly the parameters of one with a separate BN and ReLU layer.
 *
 * <p>Why it exists (DL4J 1.0.0-M2.1, measured in docs/performance.md): with a separate BN layer and ReLU
 * {@code ActivationLayer}, a training step computes the channel statistics with strided reductions, corrects
 * oneDNN's backward pass with several extra element-wise passes, and stores and copies the ReLU's input; this
 * layer computes the statistics and the parameter gradients as matrix products over the channels-last
 * {@code [N·H·W, C]} view and applies ReLU in place. It can go when DL4J's own BN runs oneDNN's training-mode
 * kernels and fuses the activation.
 */
public class BatchNormRelu extends BatchNormalization {

    /** For DL4J's JSON configuration. */
    public BatchNormRelu() {
    }

    /**
     * γ = 1, β = 0, ε = 1e-5, running averages {@code m <- 0.9 m + 0.1 batch} (PyTorch's defaults), running
     * variance stored as log10 of the standard deviation (DL4J's default), in the given layout.
     */
    static BatchNormRelu of(int channels, CNN2DFormat format) {
        if (channels < 1 || format == null) {
            throw new IllegalArgumentException("batch normalisation needs channels >= 1 and a layout, got "
                    + channels + ", " + format);
        }
        BatchNormRelu b = new BatchNormRelu();
        b.setNIn(channels);
        b.setNOut(channels);
        b.setGamma(1.0);
        b.setBeta(0.0);
        b.setEps(1e-5);
        b.setDecay(0.9);
        b.setUseLogStd(true);
        b.setLockGammaBeta(false);
        b.setCnn2DFormat(format);
        return b;
    }

    @Override
    public BatchNormRelu clone() {
        return (BatchNormRelu) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        if (getNOut() < 1) {
            throw new IllegalStateException("BatchNormRelu " + getLayerName() + ": nOut is not set");
        }
        BatchNormReluLayer layer = new BatchNormReluLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public String toString() {
        return "BatchNormRelu(" + getNOut() + " channels, " + getCnn2DFormat() + ")";
    }
}
