package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.LoweredStage;
import org.schemenet.lowering.Lowering;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.lowering.UnitShape;
import org.schemenet.numerics.OdeInterpreter;
import org.schemenet.numerics.ParameterValues;
import org.schemenet.wiring.StageWiring;

/**
 * The two back ends of the IR agree: a stage lowered by {@link Lowering} and emitted by {@link StageEmitter} with
 * every residual unit replaced by the known field {@code f(y) = h·tanh(y)} (an activation layer and a scaling) and
 * the shortcut by the identity computes exactly what {@link OdeInterpreter} computes for {@code y' = tanh(y)} on the same
 * wiring, with the same learnable coefficient values (set to values away from their initialisers).
 * Double precision, every example of a minibatch, tolerance 1e-6.
 */
class EquivalenceTest {

    private static final double H = 0.3;

    /**
     * {@code f(y) = h·tanh(y)}: a copy of {@code y} (ScaleVertex(1), because DL4J's ActivationLayer applies its
     * activation in place at inference and {@code y} is also read by the combinations), ActivationLayer(TANH),
     * ScaleVertex(h).
     */
    static final class TanhUnit implements ResidualUnit {
        @Override
        public UnitVertices add(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                UnitShape shape) {
            graph.addVertex(name + ".copy", new ScaleVertex(1.0), input);
            graph.addLayer(name + ".tanh", new ActivationLayer.Builder().activation(Activation.TANH).build(),
                    name + ".copy");
            graph.addVertex(name, new ScaleVertex(H), name + ".tanh");
            return new UnitVertices(name, null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.schemenet.lowering.TestWirings#wirings")
    void compiledStageComputesWhatTheInterpreterComputes(String label, StageWiring wiring) {
        int c = 2;
        int side = 3;
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(side, side, c));
        ShortcutProjection identity = (g, shortcut, input, unit) -> input;
        LoweredStage lowered = new Lowering(ShortcutOption.A, CoefficientDecay.AS_DECLARED)
                .lowerStage(1, "input", wiring, c, c, new SplittableRandom(1));
        CompiledStage stage = new StageEmitter(new TanhUnit(), identity, 0.0).emit(graph, lowered, "input");
        graph.addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY).build(), stage.outputVertex());
        graph.setOutputs("loss");
        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();

        // move every learnable coefficient away from its initialiser, in the graph and for the interpreter
        SplittableRandom random = new SplittableRandom(5);
        Map<String, Double> local = new HashMap<>();
        stage.initialise(net);
        for (CompiledStage.Slot slot : stage.coefficients()) {
            double value = -0.7 + 1.9 * random.nextDouble();
            net.getLayer(slot.layer()).getParam("W").putScalar(0, slot.column(), value);
            local.put(slot.localName(), value);
        }
        // coefficients that only rescale steps have no parameter in the network; the interpreter still reads them
        wiring.learnables().forEach((name, q) -> local.putIfAbsent(name, q.initialiser().mean()));
        assertEquals(lowered.parameters().size(), stage.coefficients().size());
        CompiledNetwork compiled = new CompiledNetwork(net, NetworkSpec.cifar(8), "test", List.of(stage), List.of(lowered));
        for (CompiledStage.Slot slot : stage.coefficients()) {
            assertEquals(local.get(slot.localName()), compiled.coefficient(slot.name()), 0.0);
            assertEquals(local.get(slot.localName()), Coefficients.of(net).get(slot.name()), 0.0);
        }

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, c, side, side).muli(4).subi(2);
        INDArray x0 = x.dup();
        INDArray y = net.outputSingle(false, x);
        assertEquals(x0, x, "the forward pass changed its input");
        ParameterValues values = new ParameterValues(local);
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            double[] y0 = x.slice(i).dup().data().asDouble();
            double[] expected = OdeInterpreter.run(wiring, v -> {
                double[] out = new double[v.length];
                for (int d = 0; d < v.length; d++) {
                    out[d] = Math.tanh(v[d]);
                }
                return out;
            }, H, values, y0).output();
            double[] actual = y.slice(i).dup().data().asDouble();
            assertEquals(expected.length, actual.length);
            for (int d = 0; d < expected.length; d++) {
                worst = Math.max(worst, Math.abs(expected[d] - actual[d]));
            }
        }
        assertTrue(worst < 1e-6, label + ": max |network - interpreter| = " + worst);
        // and the stage did something: the output is not the input
        assertTrue(x.sub(y).amaxNumber().doubleValue() > 1e-3, label + ": stage output equals its input");
    }
}
