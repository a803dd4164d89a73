package org.schemenet.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.schemenet.lowering.LoweredNetwork;
import org.schemenet.lowering.LoweredStage;
import org.schemenet.lowering.Lowering;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.layers.NchwToNhwcPreProcessor;
import org.schemenet.network.layers.SchemeComputationGraph;
import org.schemenet.scheme.Discretisation;

/**
 * Compiles a scheme ({@link Discretisation}) and a {@link NetworkSpec} into one DL4J {@link ComputationGraph}, in two
 * passes: the {@link Lowering} (schemenet-lowering, no DL4J) turns the stage wirings into a {@link LoweredNetwork} of
 * units, shortcuts, coefficient groups and combinations; this DL4J back end emits it between the stem and the head:
 *
 * <pre>
 *   input (NCHW) -> stem = conv3x3(channels -> widths[0])   (in the compiler's {@link ActivationLayout}; NHWC:
 *                                                            the input is permuted to channels-last first)
 *         -> stage 1 = wire(Cold(n_1))        on widths[0]
 *         -> stage s = wire(Transition(n_s))  widths[s-1] -> widths[s], unit 0 strided, shortcut A or B
 *         -> head.bn = ReLU(BN) -> head.pool (global average) -> output = softmax(dense(classes)), MCXENT
 * </pre>
 *
 * The stages are emitted by {@link StageEmitter} with the pre-activation unit {@link PreActivationUnit}. BN + ReLU and
 * the convolutions come from the back end's {@link LayerSet}: the hand-written CPU layers on {@code nd4j-native},
 * DL4J's own on CUDA ({@link LayerSet#forBackend}, {@link Backend#current()}). The {@link TrainingSettings} (updater,
 * L2 on convolution and dense weights, coefficient decay) are baked into the configuration, as DL4J requires.
 * Weights: He-normal for convolutions, Xavier for the dense layer with zero bias, BN gamma 1 beta 0. Before building,
 * {@link OneDnn#enableHelpers()} switches DL4J's layer helpers (oneDNN, cuDNN) on.
 */
public final class NetworkCompiler {

    private final TrainingSettings settings;
    private final LayerSet layers;
    private final ActivationLayout layout;

    /**
     * Compiles with the layers of the back end ND4J runs on ({@link Backend#current()}) in their layout: channels-last
     * hand-written layers on the CPU, DL4J's own in NCHW on CUDA.
     *
     * @throws BackendUnavailableException if ND4J cannot load its back end
     */
    public NetworkCompiler(TrainingSettings settings) {
        this(settings, LayerSet.forBackend(Backend.current()));
    }

    /**
     * Compiles with the layers of the back end ND4J runs on, with activations in {@code layout} (the input is NCHW
     * either way).
     *
     * @throws BackendUnavailableException if ND4J cannot load its back end
     */
    public NetworkCompiler(TrainingSettings settings, ActivationLayout layout) {
        this(settings, LayerSet.forBackend(Backend.current()), layout);
    }

    /** Compiles with the given layer implementations in their layout. */
    public NetworkCompiler(TrainingSettings settings, LayerSet layers) {
        this(settings, layers, layers == null ? null : layers.layout());
    }

    /** Compiles with the given layer implementations and activation layout. */
    public NetworkCompiler(TrainingSettings settings, LayerSet layers, ActivationLayout layout) {
        if (settings == null || layers == null || layout == null) {
            throw new IllegalArgumentException("training settings, layer implementations and an activation layout "
                    + "are required");
        }
        this.settings = settings;
        this.layers = layers;
        this.layout = layout;
    }

    /**
     * Compiles with {@link TrainingSettings#defaults()}.
     *
     * @throws BackendUnavailableException if ND4J cannot load its back end
     */
    public NetworkCompiler() {
        this(TrainingSettings.defaults());
    }

    public TrainingSettings settings() {
        return settings;
    }

    public LayerSet layers() {
        return layers;
    }

    public ActivationLayout layout() {
        return layout;
    }

    /**
     * Builds and initialises the network.
     *
     * @throws IllegalArgumentException if the scheme cannot wire a stage of the requested size, or its wiring
     *         does not fit a network (the message names the stage and the rule)
     */
    /**
     * The seed given to DL4J for the weights: the network's seed, except 0, which ND4J's native
     * generator takes as "seed from the clock" (two processes with seed 0 started from different
     * weights); it becomes {@link Long#MIN_VALUE}, which is no run's seed (run seeds are >= 0).
     */
    static long nd4jSeed(long seed) {
        return seed == 0 ? Long.MIN_VALUE : seed;
    }

    public CompiledNetwork compile(Discretisation scheme, NetworkSpec spec) {
        if (scheme == null || spec == null) {
            throw new IllegalArgumentException("a scheme and a network spec are required");
        }
        LoweredNetwork lowered = new Lowering(spec.shortcut(), settings.coefficientDecay())
                .lower(scheme, spec.unitsPerStage(), spec.widths(), spec.seed());
        return emit(lowered, spec);
    }

    /** The DL4J network of {@code lowered}: stem, its stages, head. */
    private CompiledNetwork emit(LoweredNetwork lowered, NetworkSpec spec) {
        OneDnn.enableHelpers();
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(nd4jSeed(spec.seed()))
                .dataType(spec.dataType())
                .updater(settings.updater())
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
        int width = spec.widths().get(0);
        String stem = LoweredNetwork.STEM;
        if (layout == ActivationLayout.NHWC) {
            graph.addLayer(stem, layers.convolution(3, spec.channels(), width, 1, settings.l2(), layout),
                    new NchwToNhwcPreProcessor(), "input");
        } else {
            graph.addLayer(stem, layers.convolution(3, spec.channels(), width, 1, settings.l2(), layout), "input");
        }
        ShortcutProjection zeroPad = new ZeroPadShortcut(layout);
        ShortcutProjection projection = new ProjectionShortcut(layers, settings.l2(), layout);
        StageEmitter stages = new StageEmitter(new PreActivationUnit(layers, settings.l2(), layout),
                (g, shortcut, input, unit) -> (shortcut.option() == ShortcutOption.A ? zeroPad : projection)
                        .add(g, shortcut, input, unit),
                settings.l2());
        List<CompiledStage> compiled = new ArrayList<>();
        String current = stem;
        for (LoweredStage stage : lowered.stages()) {
            CompiledStage c = stages.emit(graph, stage, current);
            compiled.add(c);
            current = c.outputVertex();
            width = stage.outChannels();
        }
        String head = layers.batchNormRelu(graph, "head.bn", current, width, layout);
        graph.addLayer("head.pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .poolingDimensions(layout == ActivationLayout.NHWC ? new int[]{1, 2} : new int[]{2, 3}).build(), head);
        graph.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width)
                .nOut(spec.classes()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).biasInit(0.0)
                .l2(settings.l2()).build(), "head.pool");
        graph.setOutputs("output");
        ComputationGraph net = new SchemeComputationGraph(graph.build());
        net.init();
        compiled.forEach(stage -> stage.initialise(net));
        return new CompiledNetwork(net, spec, lowered.scheme(), compiled, lowered.stages());
    }
}
