package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.layers.BatchNormRelu;
import org.schemenet.network.layers.ChannelZeroPadVertex;
import org.schemenet.network.layers.ChannelsLastConvolution;
import org.schemenet.network.layers.LinearCombinationVertex;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/** A compiled Euler network is the standard pre-activation CIFAR ResNet. */
class EulerNetworkTest {

    static Discretisation euler() {
        return ClassPathSchemes.load().find("euler").configure(Map.of());
    }

    /**
     * Trainable parameters of the pre-activation ResNet with option A, counted by hand
     * (BN = gamma + beta, 2C; convolutions without bias):
     * <pre>
     *   stem            3*16*9                                   =    432
     *   stage 1 unit    2*(16*16*9) + 2*(2*16)                   =  4,672  (n of them)
     *   stage 2 unit 0  2*16 + 16*32*9 + 2*32 + 32*32*9          = 13,920
     *   stage 2 unit    2*(32*32*9) + 2*(2*32)                   = 18,560  (n-1)
     *   stage 3 unit 0  2*32 + 32*64*9 + 2*64 + 64*64*9          = 55,488
     *   stage 3 unit    2*(64*64*9) + 2*(2*64)                   = 73,984  (n-1)
     *   head            2*64 (BN) + 64*10 + 10 (dense)           =    778
     * </pre>
     * depth 20 (n=3): 432 + 3*4,672 + 13,920 + 2*18,560 + 55,488 + 2*73,984 + 778 = 269,722 (the "0.27M");
     * 32: 464,154; 44: 658,586; 56: 853,018. DL4J also stores BN running mean and variance, 2C per BN:
     * the BN channels are 2*16 per stage-1 unit, 16+32 and 2*32 (stage 2), 32+64 and 2*64 (stage 3), 64 head,
     * in all 32n + (48 + 64(n-1)) + (96 + 128(n-1)) + 64 = 224n + 16 channels (688 for n=3), so
     * 448n + 32 more stored numbers: 1,376 / 2,272 / 3,168 / 4,064 for depth 20 / 32 / 44 / 56.
     */
    @ParameterizedTest
    @CsvSource({"20, 269722, 1376", "32, 464154, 2272", "44, 658586, 3168", "56, 853018, 4064"})
    void parameterCountsAreThoseOfTheStandardResNet(int depth, long trainable, long runningStatistics) {
        CompiledNetwork net = new NetworkCompiler().compile(euler(), NetworkSpec.cifar(depth));
        assertEquals(trainable, net.trainableParameters());
        assertEquals(trainable + runningStatistics, net.storedParameters());
        assertEquals(trainable + runningStatistics, net.graph().numParams());
        assertEquals(0, net.coefficientCount());
        int n = NetworkSpec.units(depth);
        assertEquals(List.of(n, n, n), net.unitsPerStage());
        assertEquals(List.of(n, n, n), net.stepsPerStage());
    }

    /** Option B adds the two 1x1 projections, 16*32 + 32*64 = 2,560 weights, and nothing else. */
    @Test
    void shortcutBAddsTheProjections() {
        CompiledNetwork net = new NetworkCompiler().compile(euler(), NetworkSpec.cifar(20).withShortcut(ShortcutOption.B));
        assertEquals(269_722 + 2_560, net.trainableParameters());
        assertEquals("stage2.unit0.bn1", net.graph().getConfiguration().getVertexInputs().get("stage2.shortcut").get(0));
    }

    @Test
    void layerStructureIsThePreActivationResNet() {
        CompiledNetwork net = new NetworkCompiler().compile(euler(), NetworkSpec.cifar(20));
        ComputationGraph g = net.graph();
        var conf = g.getConfiguration();
        var inputs = conf.getVertexInputs();
        // stem
        ConvolutionLayer stem = conv(conf.getVertices().get("stem"));
        assertTrue(stem instanceof ChannelsLastConvolution);
        assertEquals(3, stem.getNIn());
        assertEquals(16, stem.getNOut());
        assertEquals(false, stem.hasBias());
        // every unit: bn1 (BN + ReLU) conv1 bn2 (BN + ReLU) conv2, chained
        int[] widths = {16, 32, 64};
        for (int s = 1; s <= 3; s++) {
            for (int u = 0; u < 3; u++) {
                String p = "stage" + s + ".unit" + u;
                assertTrue(layer(conf.getVertices().get(p + ".bn1")) instanceof BatchNormRelu, p);
                assertTrue(layer(conf.getVertices().get(p + ".bn2")) instanceof BatchNormRelu, p);
                assertEquals(List.of(p + ".bn1"), inputs.get(p + ".conv1"));
                assertEquals(List.of(p + ".conv1"), inputs.get(p + ".bn2"));
                assertEquals(List.of(p + ".bn2"), inputs.get(p + ".conv2"));
                ConvolutionLayer c1 = conv(conf.getVertices().get(p + ".conv1"));
                ConvolutionLayer c2 = conv(conf.getVertices().get(p + ".conv2"));
                boolean transition = s > 1 && u == 0;
                assertEquals(transition ? 2 : 1, c1.getStride()[0], p);
                assertEquals(transition ? widths[s - 2] : widths[s - 1], c1.getNIn(), p);
                assertEquals(widths[s - 1], c1.getNOut(), p);
                assertEquals(1, c2.getStride()[0], p);
                assertEquals(3, c2.getKernelSize()[0], p);
                assertEquals(false, c1.hasBias());
                assertEquals(false, c2.hasBias());
            }
        }
        // Euler steps: plain additions of state and unit output
        assertEquals(new LinearCombinationVertex(new double[]{1, 1}, new double[][]{{}, {}}),
                conf.getVertices().get("stage1.v2"));
        assertEquals(List.of("stem", "stage1.unit0.conv2"), inputs.get("stage1.v2"));
        assertEquals(List.of("stage1.v2"), inputs.get("stage1.unit1.bn1"));
        // transition: shortcut A = stride-2 subsampling, then zero channels appended (two vertices), added to unit 0
        assertEquals(new ChannelZeroPadVertex(0, 2, ActivationLayout.NHWC.format()),
                conf.getVertices().get("stage2.shortcut.subsample"));
        assertEquals(List.of("stage1.v6"), inputs.get("stage2.shortcut.subsample"));
        assertEquals(new ChannelZeroPadVertex(16, ActivationLayout.NHWC.format()), conf.getVertices().get("stage2.shortcut"));
        assertEquals(List.of("stage2.shortcut.subsample"), inputs.get("stage2.shortcut"));
        assertEquals(new ChannelZeroPadVertex(32, ActivationLayout.NHWC.format()), conf.getVertices().get("stage3.shortcut"));
        assertEquals(List.of("stage2.shortcut", "stage2.unit0.conv2"), inputs.get("stage2.v3"));
        // head
        assertEquals(List.of("stage3.v7"), inputs.get("head.bn"));
        assertTrue(layer(conf.getVertices().get("head.bn")) instanceof BatchNormRelu);
        assertEquals(List.of("head.bn"), inputs.get("head.pool"));
        assertTrue(layer(conf.getVertices().get("head.pool")) instanceof GlobalPoolingLayer);
        OutputLayer out = (OutputLayer) layer(conf.getVertices().get("output"));
        assertEquals(64, out.getNIn());
        assertEquals(10, out.getNOut());
        assertEquals("MCXENT", out.getLossFn().getClass().getSimpleName().replace("Loss", "").toUpperCase());
        // weighted layers: 1 stem + 18 unit convolutions + 1 dense = depth 20
        long convs = conf.getVertices().values().stream().filter(v -> layer(v) instanceof ConvolutionLayer).count();
        assertEquals(19, convs);
        assertEquals(20, net.spec().depth());
    }

    @Test
    void forwardPassGivesClassProbabilities() {
        CompiledNetwork net = new NetworkCompiler().compile(euler(),
                NetworkSpec.cifar(8).withInput(8, 8, 3).withWidths(List.of(4, 8, 16)));
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 3, 8, 8);
        INDArray p = net.graph().outputSingle(x);
        assertEquals(List.of(5L, 10L), List.of(p.size(0), p.size(1)));
        INDArray rowSums = p.sum(1);
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, rowSums.getDouble(i), 1e-5);
        }
    }

    static org.deeplearning4j.nn.conf.layers.Layer layer(org.deeplearning4j.nn.conf.graph.GraphVertex v) {
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    static ConvolutionLayer conv(org.deeplearning4j.nn.conf.graph.GraphVertex v) {
        return (ConvolutionLayer) layer(v);
    }

    /**
     * Shortcut A computes {@code P(y) = [y[:, :, ::2, ::2], 0]}: read from the activations of a real forward pass,
     * in both layouts, with a width step (3 -> 5) that is not a multiple of the entry width.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ActivationLayout.class)
    void shortcutASubsamplesAndAppendsZeroChannels(ActivationLayout layout) {
        NetworkSpec spec = NetworkSpec.cifar(8).withInput(8, 8, 3).withWidths(List.of(3, 5, 8));
        CompiledNetwork net = new NetworkCompiler(TrainingSettings.defaults(), layout).compile(euler(), spec);
        Nd4j.getRandom().setSeed(3);
        Map<String, INDArray> acts = net.graph().feedForward(Nd4j.rand(3, 3, 8, 8), false);
        int axis = layout.channelAxis();
        INDArray entry = acts.get(net.graph().getConfiguration().getVertexInputs().get("stage2.shortcut.subsample")
                .get(0));
        INDArray shortcut = acts.get("stage2.shortcut");
        assertEquals(5, shortcut.size(axis));
        for (long n = 0; n < 3; n++) {
            for (long h = 0; h < 4; h++) {
                for (long w = 0; w < 4; w++) {
                    for (long c = 0; c < 5; c++) {
                        double expected = c < 3 ? at(entry, layout, n, c, 2 * h, 2 * w) : 0.0;
                        assertEquals(expected, at(shortcut, layout, n, c, h, w), 0.0, "n" + n + " c" + c + " h" + h
                                + " w" + w);
                    }
                }
            }
        }
    }

    private static double at(INDArray a, ActivationLayout layout, long n, long c, long h, long w) {
        return layout == ActivationLayout.NHWC ? a.getDouble(n, h, w, c) : a.getDouble(n, c, h, w);
    }
}
