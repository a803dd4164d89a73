package org.schemenet.network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;

/**
 * Compiles a scheme ({@link Discretisation}) and a {@link NetworkSpec} into one DL4J {@link ComputationGraph}:
 *
 * <pre>
 *   input (NCHW) -> stem = conv3x3(channels -> widths[0])   (in the compiler's {@link ActivationLayout}; NHWC:
 *                                                            the input is permuted to channels-last first)
 *         -> stage 1 = wire(Cold(n_1))        on widths[0]
 *         -> stage s = wire(Transition(n_s))  widths[s-1] -> widths[s], unit 0 strided, shortcut A or B
 *         -> head.bn = ReLU(BN) -> head.pool (global average) -> output = softmax(dense(classes)), MCXENT
 * </pre>
 *
 * Everything scheme-specific comes from the stage wirings (see {@link StageCompiler}); the residual unit is
 * the pre-activation unit {@link PreActivationUnit}. The {@link TrainingSettings} (updater, L2 on
 * convolution and dense weights, coefficient decay) are baked into the configuration, as DL4J requires.
 * Weights: He-normal for convolutions, Xavier for the dense layer with zero bias, BN gamma 1 beta 0.
 * Before building, {@link OneDnn#enableHelpers()} switches DL4J's oneDNN helpers on.
 */
public final class NetworkCompiler {

    private final TrainingSettings settings;
    private final ActivationLayout layout;
    private final ResidualUnit unit;

    /** Compiles with channels-last activations ({@link ActivationLayout#NHWC}, the faster layout on CPUs). */
    public NetworkCompiler(TrainingSettings settings) {
        this(settings, ActivationLayout.NHWC);
    }

    /**
     * @param layout the layout of the activations inside the network (the input is NCHW either way)
     */
    public NetworkCompiler(TrainingSettings settings, ActivationLayout layout) {
        this(settings, layout, layout == null ? null : new PreActivationUnit(settings == null ? 0.0 : settings.l2(),
                layout));
    }

    NetworkCompiler(TrainingSettings settings, ActivationLayout layout, ResidualUnit unit) {
        if (settings == null || layout == null || unit == null) {
            throw new IllegalArgumentException("training settings and an activation layout are required");
        }
        this.settings = settings;
        this.layout = layout;
        this.unit = unit;
    }

    /** Compiles with {@link TrainingSettings#defaults()}. */
    public NetworkCompiler() {
        this(TrainingSettings.defaults());
    }

    public TrainingSettings settings() {
        return settings;
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
        ChannelsLastConvolution stem = PreActivationUnit.conv(3, spec.channels(), width, 1, settings.l2(), layout);
        if (layout == ActivationLayout.NHWC) {
            graph.addLayer("stem", stem, new NchwToNhwcPreProcessor(), "input");
        } else {
            graph.addLayer("stem", stem, "input");
        }
        String current = "stem";
        ShortcutProjection shortcut = spec.shortcut() == ShortcutOption.A ? new ZeroPadShortcut(layout)
                : new ProjectionShortcut(settings.l2(), layout);
        StageCompiler stages = new StageCompiler(unit, shortcut, settings.coefficientDecay(), settings.l2());
        SplittableRandom coefficientSeeds = new SplittableRandom(spec.seed());
        List<CompiledStage> compiled = new ArrayList<>();
        for (int s = 0; s < spec.stages(); s++) {
            int units = spec.unitsPerStage().get(s);
            StageStart start = s == 0 ? new StageStart.Cold(units) : new StageStart.Transition(units);
            StageWiring wiring;
            try {
                wiring = scheme.wire(start);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stage " + (s + 1) + ": " + scheme.description() + " cannot wire "
                        + units + " residual units (" + start + "): " + e.getMessage(), e);
            }
            if (!start.equals(wiring.start())) {
                throw new IllegalArgumentException("stage " + (s + 1) + ": " + scheme.description()
                        + " was asked for " + start + " but wired " + wiring.start());
            }
            int next = spec.widths().get(s);
            CompiledStage stage = stages.compile(graph, s + 1, current, wiring, width, next,
                    coefficientSeeds.split());
            compiled.add(stage);
            current = stage.outputVertex();
            width = next;
        }
        graph.addLayer("head.bn", PreActivationUnit.batchNormRelu(width, layout), current);
        graph.addLayer("head.pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .poolingDimensions(layout == ActivationLayout.NHWC ? new int[]{1, 2} : new int[]{2, 3}).build(), "head.bn");
        graph.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width)
                .nOut(spec.classes()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).biasInit(0.0)
                .l2(settings.l2()).build(), "head.pool");
        graph.setOutputs("output");
        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();
        compiled.forEach(stage -> stage.initialise(net));
        return new CompiledNetwork(net, spec, scheme.description(), compiled);
    }
}
