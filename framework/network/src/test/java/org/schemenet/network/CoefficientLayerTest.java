package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.network.layers.ConstantOneVertex;
import org.schemenet.scheme.ClassPathSchemes;

/**
 * Learnable coefficients live in {@link CoefficientLayer}s, one vertex per group, and networks saved in the
 * earlier form ({@link ConstantOneVertex} + bias-free dense layers) still load, report their coefficients and train.
 */
class CoefficientLayerTest {

    private static final NetworkSpec SPEC = NetworkSpec.cifar(8).withUnitsPerStage(List.of(3, 3, 3))
            .withInput(8, 8, 3).withWidths(List.of(4, 8, 8));

    /** The input the fixture's outputs were recorded for: {@code i / 1536} in c order, {@code [8, 3, 8, 8]}. */
    private static INDArray fixtureInput() {
        return Nd4j.arange(1536).castTo(DataType.FLOAT).divi(1536).reshape(8, 3, 8, 8).dup();
    }

    private static DataSet batch(INDArray x) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(x, labels);
    }

    @Test
    void oneCoefficientLayerPerGroupAndNoConstantVertex() {
        CompiledNetwork net = new NetworkCompiler(TrainingSettings.defaults()).compile(
                ClassPathSchemes.load().find("adams").configure(Map.of("k", "3", "coefficients", "learnable")), SPEC);
        int layers = 0;
        int names = 0;
        for (Map.Entry<String, GraphVertex> e : net.graph().getConfiguration().getVertices().entrySet()) {
            assertFalse(e.getValue() instanceof ConstantOneVertex, e.getKey());
            if (e.getValue() instanceof LayerVertex v) {
                assertFalse(v.getLayerConf().getLayer() instanceof DenseLayer, e.getKey());
                if (v.getLayerConf().getLayer() instanceof CoefficientLayer c) {
                    layers++;
                    names += c.getNames().length;
                    assertEquals(c.getNames().length, net.graph().getLayer(e.getKey()).numParams(), e.getKey());
                }
            }
        }
        // three stages of three units: the third step of each stage is the first with learnable β (two of them;
        // the third follows from consistency)
        assertEquals(3, layers);
        assertEquals(6, names);
        assertEquals(net.coefficients().keySet(), Coefficients.of(net.graph()).keySet());
    }

    /**
     * The fixture {@code adams3-learnable-constant-one.zip} was written by commit 0d3721a's compiler (Adams k=3
     * learnable, this class's {@link #SPEC}, all coefficients decayed, three {@code fit} calls on
     * {@link #fixtureInput()}, {@code ModelSerializer.writeModel(g, file, true)}); the {@code .txt} next to it
     * holds the coefficients and the inference output it had then.
     */
    @Test
    void networkSavedWithConstantOneVerticesStillLoadsAndTrains() throws IOException {
        Map<String, Double> recorded = new LinkedHashMap<>();
        float[] output = null;
        try (InputStream in = getClass().getResourceAsStream("adams3-learnable-constant-one.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f[0].equals("output")) {
                    output = new float[f.length - 1];
                    for (int i = 1; i < f.length; i++) {
                        output[i - 1] = Float.parseFloat(f[i]);
                    }
                } else {
                    recorded.put(f[0], Double.parseDouble(f[1]));
                }
            }
        }
        ComputationGraph g;
        try (InputStream in = getClass().getResourceAsStream("adams3-learnable-constant-one.zip")) {
            g = ModelSerializer.restoreComputationGraph(in, true);
        }
        assertTrue(g.getConfiguration().getVertices().values().stream().anyMatch(v -> v instanceof ConstantOneVertex),
                "the fixture should be in the earlier form");
        assertEquals(6, recorded.size());
        assertEquals(recorded, Coefficients.of(g));

        INDArray x = fixtureInput();
        float[] now = g.outputSingle(false, x).dup().data().asFloat();
        assertEquals(output.length, now.length);
        for (int i = 0; i < now.length; i++) {
            assertEquals(output[i], now[i], 1e-5, "output " + i);
        }

        g.fit(batch(x));
        Map<String, Double> after = Coefficients.of(g);
        assertEquals(recorded.keySet(), after.keySet());
        assertNotEquals(recorded, after, "a training step should move the coefficients");
    }

    @Test
    void forwardIsTheta() {
        CompiledNetwork net = new NetworkCompiler(TrainingSettings.defaults()).compile(
                ClassPathSchemes.load().find("adams").configure(Map.of("k", "3", "coefficients", "learnable")), SPEC);
        ComputationGraph g = net.graph();
        String layer = g.getConfiguration().getVertices().entrySet().stream()
                .filter(e -> e.getValue() instanceof LayerVertex v
                        && v.getLayerConf().getLayer() instanceof CoefficientLayer)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        INDArray theta = g.getLayer(layer).getParam("W").dup();
        Map<String, INDArray> activations = g.feedForward(fixtureInput(), true);
        assertArrayEquals(new long[]{1, theta.length()}, activations.get(layer).shape());
        assertEquals(theta, activations.get(layer));
    }
}
