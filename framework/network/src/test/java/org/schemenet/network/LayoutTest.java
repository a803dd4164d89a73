package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.schemenet.network.layers.ChannelZeroPadVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.schemenet.lowering.AllNodeKinds;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.layers.BatchNormRelu;
import org.schemenet.network.layers.NchwToNhwcPreProcessor;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * The activation layout is an implementation detail: the same parameters give the same outputs (inference and
 * training mode), the same loss and the same gradients in NCHW and NHWC (double precision, to 1e-10 relative),
 * for shortcut A (including zero paddings that are not a multiple of the entry width) and B, fixed and
 * learnable coefficients. And an NHWC network really is channels-last in every convolution, BN and pooling.
 */
class LayoutTest {

    static Stream<Arguments> networks() {
        ClassPathSchemes schemes = ClassPathSchemes.load();
        Discretisation euler = schemes.find("euler").configure(Map.of());
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of("euler, shortcut A, widths 4/8/16", euler, List.of(4, 8, 16), ShortcutOption.A));
        cases.add(Arguments.of("euler, shortcut A, widths 2/3/7", euler, List.of(2, 3, 7), ShortcutOption.A));
        cases.add(Arguments.of("euler, shortcut B, widths 4/6/8", euler, List.of(4, 6, 8), ShortcutOption.B));
        cases.add(Arguments.of("all node kinds, shortcut A", new AllNodeKinds(), List.of(3, 5, 8), ShortcutOption.A));
        if (schemes.all().containsKey("adams")) {
            cases.add(Arguments.of("adams k=3 learnable", schemes.find("adams")
                    .configure(Map.of("k", "3", "coefficients", "learnable")), List.of(4, 8, 16), ShortcutOption.A));
        }
        if (schemes.all().containsKey("lm")) {
            cases.add(Arguments.of("lm learnable", schemes.find("lm").configure(Map.of()), List.of(4, 8, 16),
                    ShortcutOption.A));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void bothLayoutsComputeTheSameFunction(String label, Discretisation scheme, List<Integer> widths,
                                           ShortcutOption shortcut) {
        NetworkSpec spec = new NetworkSpec(List.of(2, 3, 2), widths, shortcut, 8, 8, 3, 5, 3L, DataType.DOUBLE);
        TrainingSettings settings = new TrainingSettings(new NoOp(), 0.0, CoefficientDecay.AS_DECLARED);
        ComputationGraph nchw = new NetworkCompiler(settings, ActivationLayout.NCHW).compile(scheme, spec).graph();
        ComputationGraph nhwc = new NetworkCompiler(settings, ActivationLayout.NHWC).compile(scheme, spec).graph();
        assertEquals(nchw.numParams(), nhwc.numParams(), label);
        // random parameters everywhere (learnable coefficients and BN's gamma/beta too), then the same in both
        Nd4j.getRandom().setSeed(5);
        INDArray params = Nd4j.rand(DataType.DOUBLE, 1, nchw.numParams()).muli(0.4).addi(0.1);
        setParams(nchw, params);
        setParams(nhwc, params);

        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3, 8, 8).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 6, 5);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, i % 5, 1.0);
        }
        assertClose(nchw.outputSingle(false, x), nhwc.outputSingle(false, x), label + ": inference output");
        assertClose(nchw.outputSingle(true, x), nhwc.outputSingle(true, x), label + ": training-mode output");

        nchw.setInputs(x);
        nchw.setLabels(labels);
        nchw.computeGradientAndScore();
        nhwc.setInputs(x);
        nhwc.setLabels(labels);
        nhwc.computeGradientAndScore();
        assertEquals(nchw.score(), nhwc.score(), 1e-12 * Math.abs(nchw.score()), label + ": loss");
        for (String name : nchw.paramTable().keySet()) {
            if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
                continue; // BN running statistics: not gradients
            }
            assertClose(nchw.gradient().getGradientFor(name), nhwc.gradient().getGradientFor(name),
                    label + ": gradient of " + name);
        }
    }

    /**
     * In float (where BN and convolutions run through oneDNN) the layouts agree too, and one training step with
     * the same data (NoOp updater: parameters minus raw gradients, running averages updated) leaves the same
     * parameters, BN running means and log10 standard deviations included (oneDNN's channels-last and plain
     * kernels, and the layout-dependent reductions, against each other).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void floatTrainingStepsAgree(String label, Discretisation scheme, List<Integer> widths, ShortcutOption shortcut) {
        NetworkSpec spec = new NetworkSpec(List.of(2, 3, 2), widths, shortcut, 8, 8, 3, 5, 3L, DataType.FLOAT);
        TrainingSettings settings = new TrainingSettings(new NoOp(), 1e-4, CoefficientDecay.AS_DECLARED);
        ComputationGraph nchw = new NetworkCompiler(settings, ActivationLayout.NCHW).compile(scheme, spec).graph();
        ComputationGraph nhwc = new NetworkCompiler(settings, ActivationLayout.NHWC).compile(scheme, spec).graph();
        nhwc.setParams(nchw.params().dup());
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 3, 8, 8).subi(0.5).muli(3);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 5);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 5, 1.0);
        }
        assertClose(nchw.outputSingle(false, x), nhwc.outputSingle(false, x), 1e-5, label + ": inference output");
        for (int step = 0; step < 2; step++) {
            nchw.fit(new org.nd4j.linalg.dataset.DataSet(x, labels));
            nhwc.fit(new org.nd4j.linalg.dataset.DataSet(x, labels));
        }
        for (String name : nchw.paramTable().keySet()) {
            assertClose(nchw.getParam(name), nhwc.getParam(name), 1e-4, label + ": " + name + " after two steps");
        }
        assertClose(nchw.outputSingle(false, x), nhwc.outputSingle(false, x), 1e-4, label + ": output after training");
    }

    @Test
    void nhwcNetworkIsChannelsLastThroughout() {
        Discretisation euler = ClassPathSchemes.load().find("euler").configure(Map.of());
        CompiledNetwork net = new NetworkCompiler(TrainingSettings.defaults()).compile(euler, NetworkSpec.cifar(8));
        assertEquals(ActivationLayout.NHWC, new NetworkCompiler(TrainingSettings.defaults()).layout(), "default");
        ComputationGraphConfiguration conf = net.graph().getConfiguration();
        int convs = 0;
        int norms = 0;
        int pools = 0;
        for (var e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex v)) {
                continue;
            }
            var layer = v.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer c) {
                assertEquals(CNN2DFormat.NHWC, c.getCnn2dDataFormat(), e.getKey());
                convs++;
            } else if (layer instanceof BatchNormRelu b) {
                assertEquals(CNN2DFormat.NHWC, b.getCnn2DFormat(), e.getKey());
                norms++;
            }
        }
        for (var e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof ChannelZeroPadVertex p) {
                assertEquals(CNN2DFormat.NHWC, p.getLayout(), e.getKey());
                pools += p.getStride() == 2 ? 1 : 0;
            }
        }
        assertEquals(7, convs); // stem + 3 units x 2
        assertEquals(7, norms); // 3 units x 2 + head
        assertEquals(2, pools); // shortcut A subsampling in stages 2 and 3
        assertTrue(((LayerVertex) conf.getVertices().get("stem")).getPreProcessor() instanceof NchwToNhwcPreProcessor);
        // the input stays NCHW: the data pipeline's batches go in unchanged
        INDArray out = net.graph().outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        assertEquals(List.of(2L, 10L), List.of(out.size(0), out.size(1)));
    }

    /** BN running variances stay positive: the random vector holds values in [0.1, 0.5). */
    private static void setParams(ComputationGraph g, INDArray params) {
        g.setParams(params.dup());
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertClose(expected, actual, 1e-10, what);
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()),
                what + ": shape");
        double scale = Math.max(1e-12, expected.norm2Number().doubleValue());
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= relative * scale, what + ": |difference| " + diff + " vs |value| " + scale);
    }
}
