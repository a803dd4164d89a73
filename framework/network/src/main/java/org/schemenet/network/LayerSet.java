package org.schemenet.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;
import org.schemenet.network.layers.BatchNormRelu;
import org.schemenet.network.layers.ChannelsLastConvolution;

/**
 * The implementations of the two layers of the network whose fastest form depends on the back end: batch
 * normalisation followed by ReLU, and the bias-free convolution. Both sets compute the same function with the same
 * parameters (same names and shapes); {@code LayerSetTest} compares their outputs and gradients on the CPU.
 *
 * <ul>
 *   <li>{@link HandWritten} on {@code nd4j-native}: {@link BatchNormRelu} (BN statistics and backward pass in Java
 *       over host buffers, ReLU in place) and {@link ChannelsLastConvolution} (libnd4j's CPU convolutions called
 *       directly), channels-last: the layers docs/performance.md measured. On the GPU they would copy every activation
 *       to the host or call CPU-only paths.</li>
 *   <li>{@link Dl4jBuiltIn} on CUDA: DL4J's own {@code BatchNormalization} followed by an {@code ActivationLayer}
 *       (ReLU) and DL4J's {@code ConvolutionLayer}, in NCHW, DL4J's default layout, which its cuDNN helpers run.</li>
 * </ul>
 * The rest of the network (combinations, coefficient layers, shortcut A's zero padding, pooling, head) uses only ND4J
 * array operations and is the same on both.
 */
public sealed interface LayerSet permits LayerSet.HandWritten, LayerSet.Dl4jBuiltIn {

    /** The hand-written layers on the CPU back end, DL4J's own on CUDA. */
    static LayerSet forBackend(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("a back end is required");
        }
        return backend == Backend.CPU ? new HandWritten() : new Dl4jBuiltIn();
    }

    /** The activation layout these layers are meant to run in (the compiler's default). */
    ActivationLayout layout();

    /**
     * Adds {@code ReLU(BN(input))} over {@code channels} channels (γ 1, β 0, ε 1e-5, running averages with momentum
     * 0.1), its layers named {@code name} (the BN) and {@code name.*}.
     *
     * @return the vertex computing {@code ReLU(BN(input))}
     */
    String batchNormRelu(ComputationGraphConfiguration.GraphBuilder graph, String name, String input, int channels,
                         ActivationLayout layout);

    /**
     * A {@code kernel x kernel} convolution without bias, padding {@code (kernel - 1) / 2}, stride {@code stride},
     * He-normal weights, L2 {@code l2} on the weights ({@link ChannelsLastConvolution#settings}).
     */
    Layer convolution(int kernel, int in, int out, int stride, double l2, ActivationLayout layout);

    /** {@link BatchNormRelu} and {@link ChannelsLastConvolution}, channels-last by default. */
    record HandWritten() implements LayerSet {
        @Override
        public ActivationLayout layout() {
            return ActivationLayout.NHWC;
        }

        @Override
        public String batchNormRelu(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                    int channels, ActivationLayout layout) {
            graph.addLayer(name, BatchNormRelu.of(channels, layout.format()), input);
            return name;
        }

        @Override
        public Layer convolution(int kernel, int in, int out, int stride, double l2, ActivationLayout layout) {
            return ChannelsLastConvolution.of(kernel, in, out, stride, l2, layout.format());
        }
    }

    /**
     * DL4J's {@code BatchNormalization} {@code name} and {@code ActivationLayer} {@code name.relu}, and DL4J's
     * {@code ConvolutionLayer}, NCHW by default.
     */
    record Dl4jBuiltIn() implements LayerSet {
        @Override
        public ActivationLayout layout() {
            return ActivationLayout.NCHW;
        }

        @Override
        public String batchNormRelu(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                    int channels, ActivationLayout layout) {
            graph.addLayer(name, BatchNormRelu.configure(new BatchNormalization(), channels, layout.format()), input);
            // DL4J's ActivationLayer works in place at inference: it is the only reader of its BN's output
            graph.addLayer(name + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name);
            return name + ".relu";
        }

        @Override
        public Layer convolution(int kernel, int in, int out, int stride, double l2, ActivationLayout layout) {
            return ChannelsLastConvolution.settings(kernel, in, out, stride, l2, layout.format()).build();
        }
    }
}
