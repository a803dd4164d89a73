package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.layers.BatchNormRelu;
import org.schemenet.network.layers.ChannelsLastConvolution;
import org.schemenet.network.layers.NchwToNhwcPreProcessor;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * The compiler's layer implementations per back end, checked without a GPU: the selection is a function of the back
 * end ({@link LayerSet#forBackend}), the CUDA choice builds a network of DL4J's own layers only (no hand-written CPU
 * layer, no channels-last preprocessor), and on the CPU both choices compute the same outputs, loss and gradients
 * from the same parameters.
 */
class LayerSetTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(new NoOp(), 1e-4,
            CoefficientDecay.AS_DECLARED);

    @Test
    void handWrittenLayersOnTheCpuDl4jsOwnOnCuda() {
        assertEquals(new LayerSet.HandWritten(), LayerSet.forBackend(Backend.CPU));
        assertEquals(new LayerSet.Dl4jBuiltIn(), LayerSet.forBackend(Backend.CUDA));
        assertEquals(ActivationLayout.NHWC, LayerSet.forBackend(Backend.CPU).layout());
        assertEquals(ActivationLayout.NCHW, LayerSet.forBackend(Backend.CUDA).layout());
        // this test runs on nd4j-native: the default compiler takes the CPU's layers in their layout
        assertSame(Backend.CPU, Backend.current());
        NetworkCompiler compiler = new NetworkCompiler(SETTINGS);
        assertEquals(new LayerSet.HandWritten(), compiler.layers());
        assertEquals(ActivationLayout.NHWC, compiler.layout());
    }

    @Test
    void cudaNetworkHasOnlyDl4jsOwnLayers() {
        ComputationGraph g = compile(LayerSet.forBackend(Backend.CUDA), adamsLearnable(), ShortcutOption.B,
                List.of(3, 4, 6), DataType.FLOAT);
        ComputationGraphConfiguration conf = g.getConfiguration();
        int convolutions = 0;
        int norms = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex v)) {
                continue;
            }
            Layer layer = v.getLayerConf().getLayer();
            assertTrue(!(layer instanceof BatchNormRelu) && !(layer instanceof ChannelsLastConvolution), e.getKey());
            assertTrue(!(v.getPreProcessor() instanceof NchwToNhwcPreProcessor), e.getKey());
            if (layer instanceof ConvolutionLayer c) {
                assertSame(ConvolutionLayer.class, c.getClass(), e.getKey());
                assertEquals(CNN2DFormat.NCHW, c.getCnn2dDataFormat(), e.getKey());
                assertSame(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class,
                        g.getLayer(e.getKey()).getClass(), e.getKey());
                convolutions++;
            } else if (layer instanceof BatchNormalization b) {
                assertSame(BatchNormalization.class, b.getClass(), e.getKey());
                assertEquals(CNN2DFormat.NCHW, b.getCnn2DFormat(), e.getKey());
                assertSame(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class,
                        g.getLayer(e.getKey()).getClass(), e.getKey());
                // its only reader is a ReLU
                List<String> readers = conf.getVertexInputs().entrySet().stream()
                        .filter(r -> r.getValue().contains(e.getKey())).map(Map.Entry::getKey).toList();
                assertEquals(List.of(e.getKey() + ".relu"), readers, e.getKey());
                ActivationLayer relu = (ActivationLayer) ((LayerVertex) conf.getVertices().get(e.getKey() + ".relu"))
                        .getLayerConf().getLayer();
                assertInstanceOf(ActivationReLU.class, relu.getActivationFn(), e.getKey());
                norms++;
            }
        }
        // three stages of three units, shortcut B: stem, two per unit, two projections; BN: two per unit and the head
        assertEquals(1 + 18 + 2, convolutions);
        assertEquals(18 + 1, norms);
    }

    @Test
    void cpuNetworkHasTheHandWrittenLayersChannelsLast() {
        ComputationGraph g = compile(LayerSet.forBackend(Backend.CPU), adamsLearnable(), ShortcutOption.B,
                List.of(3, 4, 6), DataType.FLOAT);
        int convolutions = 0;
        int norms = 0;
        for (Map.Entry<String, GraphVertex> e : g.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex v) {
                Layer layer = v.getLayerConf().getLayer();
                assertTrue(!(layer instanceof ActivationLayer), e.getKey());
                if (layer instanceof ConvolutionLayer c) {
                    assertInstanceOf(ChannelsLastConvolution.class, c, e.getKey());
                    assertEquals(CNN2DFormat.NHWC, c.getCnn2dDataFormat(), e.getKey());
                    convolutions++;
                } else if (layer instanceof BatchNormalization b) {
                    assertInstanceOf(BatchNormRelu.class, b, e.getKey());
                    norms++;
                }
            }
        }
        assertEquals(1 + 18 + 2, convolutions);
        assertEquals(18 + 1, norms);
        assertInstanceOf(NchwToNhwcPreProcessor.class,
                ((LayerVertex) g.getConfiguration().getVertices().get("stem")).getPreProcessor());
    }

    static Stream<Arguments> networks() {
        Discretisation euler = ClassPathSchemes.load().find("euler").configure(Map.of());
        return Stream.of(
                Arguments.of("euler, shortcut B, widths 4/6/8", euler, ShortcutOption.B, List.of(4, 6, 8)),
                Arguments.of("adams k=3 learnable, shortcut A, widths 2/3/7", adamsLearnable(), ShortcutOption.A,
                        List.of(2, 3, 7)));
    }

    /**
     * Double precision: the two sets are the same function (outputs in inference and training mode, loss, every
     * gradient including the BN running-average updates DL4J returns as gradients), to 1e-10 relative, what
     * reordered double sums leave.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void bothChoicesComputeTheSameInDouble(String label, Discretisation scheme, ShortcutOption shortcut,
                                           List<Integer> widths) {
        compare(label, scheme, shortcut, widths, DataType.DOUBLE, 1e-10);
    }

    /**
     * Single precision, where the CPU set runs its own BN statistics and backward pass (Java loops over the host
     * buffers) and oneDNN's channels-last kernels, and DL4J's set its own BN and NCHW convolutions: the same to 2e-4
     * relative (in the norm of each array). Float's unit roundoff is 6e-8; each side sums a BN layer's statistics and
     * gradients over N·H·W = 6·8·8 = 384 values (at the first stage) in its own order, and the loss and gradients pass
     * through 19 BN layers and 21 convolutions. Measured: 1e-7 to 4e-5, the largest for BN's {@code dL/dβ = Σ g},
     * sums of terms of both signs that cancel to a small result. 2e-4 leaves five times that and still catches small
     * real differences: with ε = 1e-3 instead of 1e-5 in DL4J's BN (a change of about 0.3% in the normalisation at
     * these variances) both float cases fail (and the double ones by five orders of magnitude).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void bothChoicesComputeTheSameInFloat(String label, Discretisation scheme, ShortcutOption shortcut,
                                          List<Integer> widths) {
        compare(label, scheme, shortcut, widths, DataType.FLOAT, 2e-4);
    }

    private static void compare(String label, Discretisation scheme, ShortcutOption shortcut, List<Integer> widths,
                                DataType type, double tolerance) {
        ComputationGraph cpu = compile(LayerSet.forBackend(Backend.CPU), scheme, shortcut, widths, type);
        ComputationGraph cuda = compile(LayerSet.forBackend(Backend.CUDA), scheme, shortcut, widths, type);
        assertEquals(cpu.paramTable().keySet(), cuda.paramTable().keySet(), label + ": parameter names");
        // random parameters everywhere (coefficients and BN's gamma, beta and running statistics too), the same in both
        Nd4j.getRandom().setSeed(5);
        for (String name : cpu.paramTable().keySet()) {
            INDArray p = cpu.getParam(name);
            p.assign(Nd4j.rand(type, p.shape()).muli(0.4).addi(0.1));
            cuda.getParam(name).assign(p);
        }
        INDArray x = Nd4j.rand(type, 6, 3, 8, 8).subi(0.5).muli(3);
        INDArray labels = Nd4j.zeros(type, 6, 5);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, i % 5, 1.0);
        }
        assertClose(cpu.outputSingle(false, x), cuda.outputSingle(false, x), tolerance, label + ": inference output");
        assertClose(cpu.outputSingle(true, x), cuda.outputSingle(true, x), tolerance, label + ": training output");
        cpu.setInputs(x);
        cpu.setLabels(labels);
        cpu.computeGradientAndScore();
        cuda.setInputs(x);
        cuda.setLabels(labels);
        cuda.computeGradientAndScore();
        assertEquals(cpu.score(), cuda.score(), tolerance * Math.abs(cpu.score()), label + ": loss");
        for (String name : cpu.paramTable().keySet()) {
            INDArray expected = cpu.gradient().getGradientFor(name);
            INDArray actual = cuda.gradient().getGradientFor(name);
            if (expected == null) {
                assertNull(actual, label + ": gradient of " + name);
            } else {
                assertClose(expected, actual, tolerance, label + ": gradient of " + name);
            }
        }
    }

    private static Discretisation adamsLearnable() {
        return ClassPathSchemes.load().find("adams").configure(Map.of("k", "3", "coefficients", "learnable"));
    }

    private static ComputationGraph compile(LayerSet layers, Discretisation scheme, ShortcutOption shortcut,
                                            List<Integer> widths, DataType type) {
        NetworkSpec spec = new NetworkSpec(List.of(3, 3, 3), widths, shortcut, 8, 8, 3, 5, 3L, type);
        return new NetworkCompiler(SETTINGS, layers).compile(scheme, spec).graph();
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double scale = Math.max(1e-12, expected.norm2Number().doubleValue());
        double difference = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).norm2Number()
                .doubleValue();
        assertTrue(difference <= relative * scale, what + ": |difference| = " + difference + " > " + relative
                + " * " + scale);
    }
}
