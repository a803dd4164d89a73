package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link BatchNormRelu} is DL4J's batch normalisation followed by DL4J's ReLU layer: the same outputs (training
 * and inference mode), the same loss and parameter gradients, and after three SGD steps the same parameters,
 * BN's running mean and log10 standard deviation included; in both layouts and precisions. The reference is a
 * graph of DL4J's own {@code BatchNormalization} and {@code ActivationLayer(RELU)} with the same parameters.
 */
class BatchNormReluTest {

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(CNN2DFormat.NHWC, DataType.FLOAT), Arguments.of(CNN2DFormat.NCHW, DataType.FLOAT),
                Arguments.of(CNN2DFormat.NHWC, DataType.DOUBLE), Arguments.of(CNN2DFormat.NCHW, DataType.DOUBLE));
    }

    private static ComputationGraph graph(boolean fused, CNN2DFormat format, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(5, 6, 4, format));
        if (fused) {
            g.addLayer("bn", BatchNormRelu.of(4, format), "in");
        } else {
            g.addLayer("bn", new BatchNormalization.Builder().nIn(4).nOut(4).gamma(1.0).beta(0.0).eps(1e-5)
                    .decay(0.9).dataFormat(format).build(), "in");
            g.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn");
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .poolingDimensions(format == CNN2DFormat.NHWC ? new int[]{1, 2} : new int[]{2, 3}).build(),
                fused ? "bn" : "relu");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                .activation(Activation.SOFTMAX).build(), "pool");
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void equalsDl4jBatchNormThenRelu(CNN2DFormat format, DataType type) {
        ComputationGraph reference = graph(false, format, type);
        ComputationGraph fused = graph(true, format, type);
        assertEquals(reference.numParams(), fused.numParams());
        Nd4j.getRandom().setSeed(7);
        // gamma, beta away from 1 and 0 so that ReLU cuts part of every channel
        reference.getLayer("bn").getParam("gamma").assign(Nd4j.rand(type, 1, 4).addi(0.5));
        reference.getLayer("bn").getParam("beta").assign(Nd4j.rand(type, 1, 4).subi(0.5));
        fused.setParams(reference.params().dup());
        long[] shape = format == CNN2DFormat.NHWC ? new long[]{8, 5, 6, 4} : new long[]{8, 4, 5, 6};
        INDArray x = Nd4j.rand(type, shape).muli(3).subi(1);
        INDArray labels = Nd4j.zeros(type, 8, 3);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        close(reference.outputSingle(false, x), fused.outputSingle(false, x), tolerance, "inference output");
        close(reference.outputSingle(true, x), fused.outputSingle(true, x), tolerance, "training output");
        for (ComputationGraph g : new ComputationGraph[]{reference, fused}) {
            g.setInputs(x);
            g.setLabels(labels);
            g.computeGradientAndScore();
        }
        assertEquals(reference.score(), fused.score(), tolerance * Math.abs(reference.score()), "loss");
        for (String p : new String[]{"bn_gamma", "bn_beta", "out_W", "out_b"}) {
            close(reference.gradient().getGradientFor(p), fused.gradient().getGradientFor(p), tolerance * 10,
                    "gradient of " + p);
        }
        for (int step = 0; step < 3; step++) {
            reference.fit(new DataSet(x, labels));
            fused.fit(new DataSet(x, labels));
        }
        for (String p : reference.paramTable().keySet()) {
            close(reference.getParam(p), fused.getParam(p), tolerance * 10, p + " after three steps");
        }
        assertTrue(reference.getParam("bn_mean").norm2Number().doubleValue() > 0, "running mean never updated");
    }

    static Stream<Arguments> layerCases() {
        return Stream.of(Arguments.of(CNN2DFormat.NHWC, DataType.FLOAT, new long[]{8, 5, 6, 4}, true),
                Arguments.of(CNN2DFormat.NHWC, DataType.FLOAT, new long[]{32, 16, 16, 24}, true),
                Arguments.of(CNN2DFormat.NHWC, DataType.FLOAT, new long[]{8, 5, 6, 4}, false),
                Arguments.of(CNN2DFormat.NHWC, DataType.DOUBLE, new long[]{8, 5, 6, 4}, true),
                Arguments.of(CNN2DFormat.NCHW, DataType.FLOAT, new long[]{32, 24, 16, 16}, true));
    }

    /**
     * The layer alone, called directly: its output, input gradient {@code dL/dx} and the gradients of γ, β and the
     * running mean and log10 standard deviation equal those of DL4J's BN layer fed {@code dL/dy · [y > 0]}. The
     * network test above cannot see {@code dL/dx} (BN is its first layer); the large shape has a channel count that
     * does not divide the channels-last path's block length and is split over threads. Running variance stored as
     * log10 of the standard deviation (the network's setting) or as the variance (DL4J's older form).
     */
    @ParameterizedTest(name = "{0} {1} {2} log10 std {3}")
    @MethodSource("layerCases")
    void inputGradientEqualsDl4j(CNN2DFormat format, DataType type, long[] shape, boolean logStd) {
        int channels = (int) shape[format == CNN2DFormat.NHWC ? 3 : 1];
        ComputationGraph reference = layerGraph(false, format, type, channels, logStd);
        ComputationGraph fused = layerGraph(true, format, type, channels, logStd);
        String spread = logStd ? "log10stdev" : "var";
        Nd4j.getRandom().setSeed(11);
        reference.getLayer("bn").getParam("gamma").assign(Nd4j.rand(type, 1, channels).addi(0.5));
        reference.getLayer("bn").getParam("beta").assign(Nd4j.rand(type, 1, channels).subi(0.5));
        reference.getLayer("bn").getParam("mean").assign(Nd4j.rand(type, 1, channels));
        reference.getLayer("bn").getParam(spread).assign(logStd ? Nd4j.rand(type, 1, channels).subi(0.5)
                : Nd4j.rand(type, 1, channels).addi(0.5));
        fused.setParams(reference.params().dup());
        // a mean far from zero per channel: the statistics must not cancel
        INDArray x = Nd4j.rand(type, shape).muli(3).subi(1).addi(20);
        INDArray dy = Nd4j.rand(type, shape).subi(0.5);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

        Layer bn = reference.getLayer("bn");
        bn.setInput(x.dup(), ws);
        INDArray expectedY = Transforms.relu(bn.activate(true, ws), true);
        INDArray mask = Transforms.step(expectedY);
        Pair<Gradient, INDArray> expected = bn.backpropGradient(dy.mul(mask), ws);

        Layer layer = fused.getLayer("bn");
        layer.setInput(x.dup(), ws);
        INDArray y = layer.activate(true, ws);

        double tolerance = type == DataType.FLOAT ? 1e-4 : 1e-10;
        close(expectedY, y, tolerance, "output");
        // inference: the running averages set above (log10 std or variance away from its initial value)
        bn.setInput(x.dup(), ws);
        layer.setInput(x.dup(), ws);
        close(Transforms.relu(bn.activate(false, ws), true), layer.activate(false, ws), tolerance,
                "inference output");
        layer.setInput(x.dup(), ws); // the inference pass left no training state: forward again
        layer.activate(true, ws);
        Pair<Gradient, INDArray> actual = layer.backpropGradient(dy.dup(), ws);
        close(expected.getSecond(), actual.getSecond(), tolerance, "input gradient");
        for (String p : new String[]{"gamma", "beta", "mean", spread}) {
            close(expected.getFirst().getGradientFor(p), actual.getFirst().getGradientFor(p), tolerance,
                    "gradient of " + p);
        }
    }

    private static ComputationGraph layerGraph(boolean fused, CNN2DFormat format, DataType type, int channels,
                                               boolean logStd) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, channels, format));
        BatchNormalization bn;
        if (fused) {
            bn = BatchNormRelu.of(channels, format);
            bn.setUseLogStd(logStd);
        } else {
            bn = new BatchNormalization.Builder().nIn(channels).nOut(channels).gamma(1.0).beta(0.0).eps(1e-5)
                    .decay(0.9).dataFormat(format).useLogStd(logStd).build();
        }
        g.addLayer("bn", bn, "in");
        g.setOutputs("bn");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        net.initGradientsView();
        return net;
    }

    private static void close(INDArray expected, INDArray actual, double relative, String what) {
        double scale = Math.max(1e-12, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= relative * scale, what + ": |difference| " + diff + " vs |value| " + scale);
    }
}
