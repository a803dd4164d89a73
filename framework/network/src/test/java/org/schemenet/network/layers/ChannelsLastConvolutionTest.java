package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link ChannelsLastConvolution} computes the same function as DL4J's {@link ConvolutionLayer} configured
 * identically (outputs, score, weight and input gradients), passes DL4J's finite-difference gradient check,
 * survives JSON and {@link ModelSerializer} round trips, and rejects what its fast path does not implement.
 * Inputs are 7 x 6 (not square, so a height/width mix-up shows), 3 -> 4 channels, minibatch 3.
 */
class ChannelsLastConvolutionTest {

    private static final int H = 7;
    private static final int W = 6;
    private static final int IN = 3;
    private static final int OUT = 4;
    private static final int BATCH = 3;
    private static final double L2 = 1e-4;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
                for (int stride : new int[]{1, 2}) {
                    for (int kernel : new int[]{3, 1}) {
                        cases.add(Arguments.of(format, type, stride, kernel));
                    }
                }
            }
        }
        return cases.build();
    }

    /**
     * The network's convolution written out with DL4J's builder, independently of
     * {@link ChannelsLastConvolution#settings}, which the tests compare with it.
     */
    private static ConvolutionLayer.Builder dl4jBuilder(int kernel, int in, int out, int stride, double l2,
                                                        CNN2DFormat format) {
        int pad = (kernel - 1) / 2;
        return new ConvolutionLayer.Builder(kernel, kernel).nIn(in).nOut(out).stride(stride, stride)
                .padding(pad, pad).convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU).l2(l2).dataFormat(format);
    }

    /** input -> conv -> CnnLossLayer(MSE, identity). */
    private static ComputationGraph graph(org.deeplearning4j.nn.conf.layers.Layer conv, CNN2DFormat format,
                                          DataType type, WorkspaceMode mode, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(new NoOp()).trainingWorkspaceMode(mode).inferenceWorkspaceMode(mode).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(H, W, IN, format))
                .addLayer("conv", conv, "in")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).format(format).build(), "conv")
                .setOutputs("loss").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static long[] shape(CNN2DFormat format, long n, long c, long h, long w) {
        return format == CNN2DFormat.NHWC ? new long[]{n, h, w, c} : new long[]{n, c, h, w};
    }

    /** max |actual - expected| / max |expected| <= tolerance. */
    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": reference is all zero, the comparison would prove nothing");
        double error = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(error <= tolerance * scale, what + ": max abs difference " + error + " > " + tolerance + " * "
                + scale);
    }

    /** The gradient at the network input of one computeGradientAndScore (needs WorkspaceMode.NONE). */
    private static INDArray inputGradient(ComputationGraph g, INDArray x, INDArray labels) {
        AtomicReference<INDArray> epsilon = new AtomicReference<>();
        g.setListeners(new BaseTrainingListener() {
            @Override
            public void onBackwardPass(Model model) {
                // called before the vertices are cleared
                epsilon.set(((ComputationGraph) model).getVertex("in").getEpsilon().dup());
            }
        });
        g.setInputs(x);
        g.setLabels(labels);
        g.computeGradientAndScore();
        g.setListeners();
        assertNotNull(epsilon.get(), "no input gradient captured");
        return epsilon.get();
    }

    @ParameterizedTest(name = "{0} {1} stride {2} kernel {3}")
    @MethodSource("cases")
    void matchesDl4jConvolution(CNN2DFormat format, DataType type, int stride, int kernel) {
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-10;
        int outH = (H + 2 * ((kernel - 1) / 2) - kernel) / stride + 1;
        int outW = (W + 2 * ((kernel - 1) / 2) - kernel) / stride + 1;
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(type, shape(format, BATCH, IN, H, W)).subi(0.5);
        INDArray labels = Nd4j.rand(type, shape(format, BATCH, OUT, outH, outW)).subi(0.5);

        // workspaces on, as the project trains: outputs, score, weight gradient
        ComputationGraph ref = graph(dl4jBuilder(kernel, IN, OUT, stride, L2, format).build(), format, type,
                WorkspaceMode.ENABLED, 42);
        ComputationGraph fast = graph(ChannelsLastConvolution.of(kernel, IN, OUT, stride, L2, format), format, type,
                WorkspaceMode.ENABLED, 43);
        assertInstanceOf(ChannelsLastConvolutionLayer.class, fast.getLayer("conv"));
        assertEquals(ref.paramTable().keySet(), fast.paramTable().keySet());
        assertArrayEquals(new long[]{OUT, IN, kernel, kernel}, fast.paramTable().get("conv_W").shape());
        assertNotEquals(ref.params(), fast.params(), "different seeds should give different weights");
        fast.setParams(ref.params());

        assertClose(ref.outputSingle(false, x), fast.outputSingle(false, x), tolerance, "inference output");
        assertClose(ref.feedForward(x, true).get("conv"), fast.feedForward(x, true).get("conv"), tolerance,
                "training output");

        ref.setInputs(x);
        ref.setLabels(labels);
        ref.computeGradientAndScore();
        fast.setInputs(x);
        fast.setLabels(labels);
        fast.computeGradientAndScore();
        assertEquals(ref.score(), fast.score(), tolerance * Math.abs(ref.score()), "score (MSE + L2)");
        INDArray weightGradient = fast.gradient().getGradientFor("conv_W").dup();
        assertClose(ref.gradient().getGradientFor("conv_W"), weightGradient, tolerance, "weight gradient");
        // the gradient view is overwritten, not accumulated into
        fast.computeGradientAndScore();
        assertEquals(weightGradient, fast.gradient().getGradientFor("conv_W"), "second backward pass differs");

        // workspaces off, so the input vertex's epsilon can be read: input gradient
        ComputationGraph refNone = graph(dl4jBuilder(kernel, IN, OUT, stride, L2, format).build(), format, type,
                WorkspaceMode.NONE, 42);
        ComputationGraph fastNone = graph(ChannelsLastConvolution.of(kernel, IN, OUT, stride, L2, format), format,
                type, WorkspaceMode.NONE, 43);
        fastNone.setParams(refNone.params());
        INDArray refInputGradient = inputGradient(refNone, x, labels);
        INDArray fastInputGradient = inputGradient(fastNone, x, labels);
        assertArrayEquals(x.shape(), fastInputGradient.shape());
        assertClose(refInputGradient, fastInputGradient, tolerance, "input gradient");
        assertClose(refNone.gradient().getGradientFor("conv_W"), fastNone.gradient().getGradientFor("conv_W"),
                tolerance, "weight gradient without workspaces");
    }

    @Test
    void initialisesParametersLikeDl4j() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            ComputationGraph ref = graph(dl4jBuilder(3, IN, OUT, 2, L2, format).build(), format, DataType.FLOAT,
                    WorkspaceMode.ENABLED, 9);
            ComputationGraph fast = graph(ChannelsLastConvolution.of(3, IN, OUT, 2, L2, format), format,
                    DataType.FLOAT, WorkspaceMode.ENABLED, 9);
            assertEquals(ref.paramTable().keySet(), fast.paramTable().keySet());
            assertEquals(ref.params(), fast.params(), format + ": same seed, same weights");
            // He-normal: variance 2 / fan_in, fan_in = 3 * 3 * 3
            double std = fast.params().stdNumber().doubleValue();
            assertEquals(Math.sqrt(2.0 / (IN * 9)), std, 0.25 * Math.sqrt(2.0 / (IN * 9)));
        }
    }

    /**
     * Everything {@code of} sets equals DL4J's layer with the same builder settings, class name aside; and
     * {@code settings(...).build()} (the CUDA back end's convolution) is exactly that DL4J layer.
     */
    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void ofConfiguresLikeDl4jsLayer(CNN2DFormat format) throws Exception {
        ConvolutionLayer plain = dl4jBuilder(3, 16, 32, 2, 5e-4, format).build();
        assertEquals(NeuralNetConfiguration.mapper().writeValueAsString(plain), NeuralNetConfiguration.mapper()
                .writeValueAsString(ChannelsLastConvolution.settings(3, 16, 32, 2, 5e-4, format).build()));
        ChannelsLastConvolution fast = ChannelsLastConvolution.of(3, 16, 32, 2, 5e-4, format);
        String plainJson = NeuralNetConfiguration.mapper().writeValueAsString(plain);
        String fastJson = NeuralNetConfiguration.mapper().writeValueAsString(fast);
        assertTrue(fastJson.contains(ChannelsLastConvolution.class.getName()), fastJson);
        assertEquals(plainJson, fastJson.replace(ChannelsLastConvolution.class.getName(),
                ConvolutionLayer.class.getName()));
    }

    /** DL4J's finite-difference check on conv(3x3, 2->3) -> BN -> conv(3x3, 3->2, stride 2) -> head, NHWC, double. */
    @Test
    void passesGradientCheckNhwcWithBatchNorm() {
        DataType previousDefault = Nd4j.dataType();
        DataType previousFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            CNN2DFormat nhwc = CNN2DFormat.NHWC;
            ComputationGraph g = new ComputationGraph(twoLayerConf(nhwc, DataType.DOUBLE, new NoOp()));
            g.init();
            assertInstanceOf(ChannelsLastConvolutionLayer.class, g.getLayer("c2"));
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5, 5, 2).subi(0.5);
            INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 3).subi(0.5);
            Set<String> exclude = new HashSet<>();
            for (String key : g.paramTable().keySet()) {
                if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                    exclude.add(key);
                }
            }
            assertEquals(2, exclude.size(), "BN running statistics: " + exclude);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{x}).labels(new INDArray[]{labels}).excludeParams(exclude)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "analytic and numerical gradients differ (see log)");
        } finally {
            Nd4j.setDefaultDataTypes(previousDefault, previousFloatingDefault);
        }
    }

    /**
     * in [n,5,5,2] -> c1: conv 3x3 2->3 -> bn -> c2: conv 3x3 3->2 stride 2 -> average pool -> dense 2->3, MSE; no L2.
     * Not CnnLossLayer: in DL4J 1.0.0-M2.1 its computeScore reshapes NHWC activations as if NCHW (the MSE is then
     * averaged over H instead of C), so its score does not match its own gradient in NHWC.
     */
    private static ComputationGraphConfiguration twoLayerConf(CNN2DFormat format, DataType type,
                                                              org.nd4j.linalg.learning.config.IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(type).updater(updater).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(5, 5, 2, format))
                .addLayer("c1", ChannelsLastConvolution.of(3, 2, 3, 1, 0.0, format), "in")
                .addLayer("bn", new BatchNormalization.Builder().nIn(3).nOut(3).eps(1e-5).decay(0.9)
                        .dataFormat(format).build(), "c1")
                .addLayer("c2", ChannelsLastConvolution.of(3, 3, 2, 2, 0.0, format), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(
                        format == CNN2DFormat.NHWC ? new int[]{1, 2} : new int[]{2, 3}).build(), "c2")
                .addLayer("loss", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(3)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("loss").build();
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void jsonRoundTripKeepsTheLayer(CNN2DFormat format) {
        ComputationGraphConfiguration conf = twoLayerConf(format, DataType.FLOAT, new Nesterovs(0.1, 0.9));
        String json = conf.toJson();
        assertTrue(json.contains(ChannelsLastConvolution.class.getName()), "class name missing from the JSON");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        for (String name : new String[]{"c1", "c2"}) {
            org.deeplearning4j.nn.conf.layers.Layer layer =
                    ((LayerVertex) back.getVertices().get(name)).getLayerConf().getLayer();
            assertInstanceOf(ChannelsLastConvolution.class, layer, name);
            assertEquals(format, ((ChannelsLastConvolution) layer).getCnn2dDataFormat(), name);
        }
        ComputationGraph g = new ComputationGraph(back);
        g.init();
        assertInstanceOf(ChannelsLastConvolutionLayer.class, g.getLayer("c1"));
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void modelSerializerRoundTripIsBitIdentical(CNN2DFormat format) throws Exception {
        ComputationGraph g = new ComputationGraph(twoLayerConf(format, DataType.FLOAT, new Nesterovs(0.1, 0.9)));
        g.init();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape(format, 4, 2, 5, 5));
        INDArray labels = Nd4j.rand(DataType.FLOAT, 4, 3);
        g.fit(new INDArray[]{x}, new INDArray[]{labels}); // non-trivial BN statistics and updater state
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertInstanceOf(ChannelsLastConvolutionLayer.class, restored.getLayer("c1"));
        assertInstanceOf(ChannelsLastConvolutionLayer.class, restored.getLayer("c2"));
        assertArrayEquals(g.params().dup('c').data().asFloat(), restored.params().dup('c').data().asFloat());
        assertArrayEquals(g.outputSingle(false, x).dup('c').data().asFloat(),
                restored.outputSingle(false, x).dup('c').data().asFloat(), "outputs not bit-identical");
        g.fit(new INDArray[]{x}, new INDArray[]{labels});
        restored.fit(new INDArray[]{x}, new INDArray[]{labels});
        assertArrayEquals(g.params().dup('c').data().asFloat(), restored.params().dup('c').data().asFloat(),
                "one more step differs");
    }

    @Test
    void equalityIsByValueAndByClass() {
        ChannelsLastConvolution a = ChannelsLastConvolution.of(3, 4, 8, 2, 1e-4, CNN2DFormat.NHWC);
        ChannelsLastConvolution b = ChannelsLastConvolution.of(3, 4, 8, 2, 1e-4, CNN2DFormat.NHWC);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a.clone());
        assertInstanceOf(ChannelsLastConvolution.class, a.clone());
        assertNotEquals(a, ChannelsLastConvolution.of(3, 4, 8, 1, 1e-4, CNN2DFormat.NHWC));
        assertNotEquals(a, ChannelsLastConvolution.of(3, 4, 8, 2, 1e-4, CNN2DFormat.NCHW));
        ConvolutionLayer plain = dl4jBuilder(3, 4, 8, 2, 1e-4, CNN2DFormat.NHWC).build();
        assertNotEquals(a, plain);
        assertNotEquals(plain, a);
    }

    @Test
    void rejectsWhatTheFastPathDoesNotImplement() {
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.from(
                dl4jBuilder(3, 2, 2, 1, 0, CNN2DFormat.NHWC).hasBias(true)));
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.from(
                dl4jBuilder(3, 2, 2, 1, 0, CNN2DFormat.NHWC).activation(Activation.RELU)));
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.from(
                new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(2).hasBias(false))); // activation left to defaults
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.from(
                dl4jBuilder(3, 2, 2, 1, 0, CNN2DFormat.NHWC).dilation(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.from(
                dl4jBuilder(3, 2, 2, 1, 0, CNN2DFormat.NHWC).convolutionMode(ConvolutionMode.Same).padding(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.of(0, 2, 2, 1, 0,
                CNN2DFormat.NHWC));
        assertThrows(IllegalArgumentException.class, () -> ChannelsLastConvolution.of(3, 2, 2, 1, -1,
                CNN2DFormat.NHWC));

        // paths that bypass the builder (JSON, setters, a network's global defaults) are caught at instantiation
        ChannelsLastConvolution biased = ChannelsLastConvolution.of(3, IN, OUT, 1, 0, CNN2DFormat.NCHW);
        biased.setHasBias(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> graph(biased, CNN2DFormat.NCHW, DataType.FLOAT, WorkspaceMode.ENABLED, 1));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        ChannelsLastConvolution same = ChannelsLastConvolution.of(3, IN, OUT, 1, 0, CNN2DFormat.NCHW);
        same.setConvolutionMode(ConvolutionMode.Same);
        assertThrows(IllegalStateException.class,
                () -> graph(same, CNN2DFormat.NCHW, DataType.FLOAT, WorkspaceMode.ENABLED, 1));
        for (NeuralNetConfiguration.Builder global : new NeuralNetConfiguration.Builder[]{
                new NeuralNetConfiguration.Builder().dropOut(0.5),
                new NeuralNetConfiguration.Builder().weightNoise(new DropConnect(0.5))}) {
            ComputationGraphConfiguration conf = global.updater(new NoOp()).graphBuilder().addInputs("in")
                    .setInputTypes(InputType.convolutional(H, W, IN))
                    .addLayer("conv", ChannelsLastConvolution.of(3, IN, OUT, 1, 0, CNN2DFormat.NCHW), "in")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY).build(), "conv")
                    .setOutputs("loss").build();
            assertThrows(IllegalStateException.class, () -> new ComputationGraph(conf).init());
        }
    }

    /**
     * Direct layer calls with a permuted (not c-contiguous) input and epsilon, and with a minibatch slice (contiguous,
     * non-zero offset), give exactly what their contiguous copies give; a wrong channel count is rejected.
     */
    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void handlesViewsAndValidatesInput(CNN2DFormat format) {
        ComputationGraph g = graph(ChannelsLastConvolution.of(3, IN, OUT, 2, 0, format), format, DataType.FLOAT,
                WorkspaceMode.ENABLED, 1);
        g.initGradientsView();
        Layer layer = g.getLayer("conv");
        assertNull(layer.getHelper(), "DL4J's helper is not used");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Nd4j.getRandom().setSeed(8);
        // a [n, c, h, w] <-> [n, h, w, c] permutation of a c-order array of the other layout
        INDArray permuted = format == CNN2DFormat.NHWC
                ? Nd4j.rand(DataType.FLOAT, BATCH, IN, H, W).permute(0, 2, 3, 1)
                : Nd4j.rand(DataType.FLOAT, BATCH, H, W, IN).permute(0, 3, 1, 2);
        assertFalse(permuted.ordering() == 'c' && Shape.hasDefaultStridesForShape(permuted));
        INDArray bigger = Nd4j.rand(DataType.FLOAT, shape(format, BATCH + 2, IN, H, W));
        INDArray slice = bigger.get(NDArrayIndex.interval(1, 1 + BATCH), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        long[] outShape = shape(format, BATCH, OUT, 4, 3);
        INDArray epsilon = format == CNN2DFormat.NHWC
                ? Nd4j.rand(DataType.FLOAT, BATCH, OUT, 4, 3).permute(0, 2, 3, 1)
                : Nd4j.rand(DataType.FLOAT, BATCH, 4, 3, OUT).permute(0, 3, 1, 2);
        assertArrayEquals(outShape, epsilon.shape());

        for (INDArray x : new INDArray[]{permuted, slice}) {
            INDArray y = layer.activate(x, true, mgr).dup();
            INDArray yCopy = layer.activate(x.dup('c'), true, mgr).dup();
            assertArrayEquals(outShape, y.shape());
            assertArrayEquals(yCopy.data().asFloat(), y.dup('c').data().asFloat(), "forward on a view");

            layer.setInput(x, mgr);
            assertSame(x, ((AbstractLayer<?>) layer).getInput(), "the view must reach the layer as it is");
            Pair<Gradient, INDArray> p = layer.backpropGradient(epsilon, mgr);
            INDArray dx = p.getSecond().dup('c');
            INDArray dw = p.getFirst().getGradientFor("W").dup('c');
            layer.setInput(x.dup('c'), mgr);
            Pair<Gradient, INDArray> q = layer.backpropGradient(epsilon.dup('c'), mgr);
            assertArrayEquals(q.getSecond().dup('c').data().asFloat(), dx.data().asFloat(), "input gradient");
            assertArrayEquals(q.getFirst().getGradientFor("W").dup('c').data().asFloat(), dw.data().asFloat(),
                    "weight gradient");
            assertTrue(dw.amaxNumber().doubleValue() > 0);
        }

        INDArray wrongChannels = Nd4j.rand(DataType.FLOAT, shape(format, BATCH, IN + 1, H, W));
        assertThrows(DL4JInvalidInputException.class, () -> layer.activate(wrongChannels, false, mgr));
        INDArray rank3 = Nd4j.rand(DataType.FLOAT, IN, H, W);
        assertThrows(DL4JInvalidInputException.class, () -> layer.activate(rank3, false, mgr));
        layer.setInput(permuted, mgr);
        INDArray wrongEpsilon = Nd4j.rand(DataType.FLOAT, shape(format, BATCH, OUT, 3, 3));
        assertThrows(DL4JInvalidInputException.class, () -> layer.backpropGradient(wrongEpsilon, mgr));
    }
}
