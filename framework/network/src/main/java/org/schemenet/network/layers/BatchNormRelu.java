package org.schemenet.network.layers;

import java.util.Collection;
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
 * <p>Why it exists (DL4J 1.0.0-M2.1, measured in docs/performance.md): a BN layer followed by DL4J's ReLU
 * {@code ActivationLayer} keeps a second activation array per BN for backpropagation and copies the ReLU's input
 * on the way back; this layer applies the ReLU in place on BN's output and masks the gradient with the stored
 * output (depth 20: 1.03x faster, peak memory 2.5 -> 1.8 GB, attempt 9). In channels-last FLOAT training on the
 * CPU it runs oneDNN's batch-normalisation primitives with the ReLU fused itself ({@link OneDnnBatchNormRelu}),
 * because DL4J's strided reductions and libnd4j's {@code batchnorm_bp} took about 40% of a training step (depth
 * 20: 1.6x faster with Java loops over the host buffers, attempt 15; the primitives replaced those loops in
 * attempt 24). It can go when DL4J's BN applies its configured activation (M2.1 silently ignores
 * {@code BatchNormalization.Builder().activation(RELU)}) and its training-mode BN is as fast.
 */
public class BatchNormRelu extends BatchNormalization {

    /** For DL4J's JSON configuration. */
    public BatchNormRelu() {
    }

    /**
     * γ = 1, β = 0, ε = 1e-5, running averages {@code m <- 0.9 m + 0.1 batch} (PyTorch's defaults), running
     * variance stored as log10 of the standard deviation (DL4J's default), in the given layout.
     */
    public static BatchNormRelu of(int channels, CNN2DFormat format) {
        return configure(new BatchNormRelu(), channels, format);
    }

    /**
     * Sets {@code bn} to the network's batch normalisation over {@code channels} channels in {@code format}: the
     * settings of {@link #of}, for this class and for DL4J's own {@link BatchNormalization} alike.
     */
    public static <B extends BatchNormalization> B configure(B bn, int channels, CNN2DFormat format) {
        if (channels < 1 || format == null) {
            throw new IllegalArgumentException("batch normalisation needs channels >= 1 and a layout, got "
                    + channels + ", " + format);
        }
        bn.setNIn(channels);
        bn.setNOut(channels);
        bn.setGamma(1.0);
        bn.setBeta(0.0);
        bn.setEps(1e-5);
        bn.setDecay(0.9);
        bn.setUseLogStd(true);
        bn.setLockGammaBeta(false);
        bn.setCnn2DFormat(format);
        return bn;
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
        return LayerInstantiation.attach(new BatchNormReluLayer(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public String toString() {
        return "BatchNormRelu(" + getNOut() + " channels, " + getCnn2DFormat() + ")";
    }
}
