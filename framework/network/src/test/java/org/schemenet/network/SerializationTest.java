package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.schemenet.lowering.AllNodeKinds;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.network.layers.SchemeComputationGraph;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * A trained network saved with {@link ModelSerializer} (with updater state) and restored gives
 * bit-identical outputs and coefficients, and one more training step from both gives bit-identical
 * parameters (so the momentum state and the custom vertices' configuration survived), for fixed and
 * learnable schemes.
 */
class SerializationTest {

    static Stream<Arguments> schemes() {
        ClassPathSchemes schemes = ClassPathSchemes.load();
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of("euler", schemes.find("euler").configure(Map.of()), List.of(1, 2, 1)));
        cases.add(Arguments.of("all node kinds", new AllNodeKinds(), List.of(2, 7, 1)));
        if (schemes.all().containsKey("adams")) {
            cases.add(Arguments.of("adams k=3 fixed",
                    schemes.find("adams").configure(Map.of("k", "3", "coefficients", "fixed")), List.of(3, 3, 3)));
            cases.add(Arguments.of("adams k=3 learnable",
                    schemes.find("adams").configure(Map.of("k", "3", "coefficients", "learnable")), List.of(3, 3, 3)));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void roundTripIsBitIdentical(String label, Discretisation scheme, List<Integer> units, @TempDir Path dir)
            throws Exception {
        NetworkSpec spec = NetworkSpec.cifar(8).withUnitsPerStage(units).withInput(8, 8, 3)
                .withWidths(List.of(4, 8, 8));
        CompiledNetwork net = new NetworkCompiler(TrainingSettings.defaults().withUpdater(new Nesterovs(0.01, 0.9))
                .withCoefficientDecay(CoefficientDecay.AS_DECLARED)).compile(scheme, spec);
        ComputationGraph g = net.graph();
        Nd4j.getRandom().setSeed(2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 8, 8), labels);
        Map<String, Double> before = net.coefficients();
        g.fit(batch);
        g.fit(batch);
        if (!before.isEmpty()) {
            assertNotEquals(before, net.coefficients(), "training should move the learnable coefficients");
        }

        File file = dir.resolve("network.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertArrayEquals(floats(g.outputSingle(false, batch.getFeatures())),
                floats(restored.outputSingle(false, batch.getFeatures())), label + ": outputs differ");
        assertEquals(net.coefficients(), Coefficients.of(restored));
        assertEquals(before.keySet(), Coefficients.of(restored).keySet());
        assertArrayEquals(floats(g.getUpdater().getStateViewArray()),
                floats(restored.getUpdater().getStateViewArray()), label + ": updater state differs");
        assertFalse(g.getUpdater().getStateViewArray().sumNumber().doubleValue() == 0.0, "momentum state is empty");

        // ModelSerializer restores DL4J's own graph class; the compiler's backward pass sums in another order
        ComputationGraph same = SchemeComputationGraph.of(restored);
        assertArrayEquals(floats(g.getUpdater().getStateViewArray()), floats(same.getUpdater().getStateViewArray()),
                label + ": updater state differs after SchemeComputationGraph.of");
        assertEquals(g.getIterationCount(), same.getIterationCount(), label + ": iteration count");
        g.fit(batch);
        same.fit(batch);
        assertArrayEquals(floats(g.params()), floats(same.params()), label + ": parameters after a step differ");
    }

    private static float[] floats(INDArray a) {
        return a.dup().data().asFloat();
    }
}
