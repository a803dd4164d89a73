package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.provider.MethodSource;
import org.schemenet.network.layers.BatchNormRelu;
import org.schemenet.network.layers.ChannelZeroPadVertex;
import org.schemenet.network.layers.ChannelsLastConvolution;
import org.schemenet.network.layers.CoefficientLayer;
import org.schemenet.network.layers.ConstantOneVertex;
import org.schemenet.network.layers.LinearCombinationVertex;
import org.schemenet.network.layers.NchwToNhwcPreProcessor;

/**
 * Checkpoints and configurations written by the compiler of commit b87aa69 ({@link CheckpointFixtures}), before the
 * split into a lowering pass and a DL4J back end moved the layers to {@code org.schemenet.network.layers}, with the
 * code of today: a checkpoint loads with its updater state (its layers under their old class names, kept as
 * deprecated subclasses), computes the recorded inference output (to 1e-5; the code that wrote it reproduces it to
 * about 1e-7 with another OpenMP thread count), reports the recorded coefficients, and one more training step gives
 * the recorded output again (to 1e-5), so the momentum state and every layer's training path came back; the same
 * holds with the parameters copied into the network compiled today, as a resumed run does. And the compiler still
 * emits exactly the configuration it emitted then, up to the new package of the moved classes and shortcut A's
 * pooling layer replaced by a subsampling vertex of the same name: the same layers, in the same order, with the same settings, so the
 * same function and the same parameters.
 */
class OldCheckpointTest {

    private static final double TOLERANCE = 1e-5;

    /**
     * The configuration classes that moved to {@code org.schemenet.network.layers}; their old names are kept as
     * deprecated subclasses so that old files load.
     */
    static final List<Class<?>> MOVED = List.of(BatchNormRelu.class, ChannelsLastConvolution.class,
            CoefficientLayer.class, LinearCombinationVertex.class, ChannelZeroPadVertex.class, ConstantOneVertex.class,
            NchwToNhwcPreProcessor.class);

    /** The name a moved class had when the fixtures were written. */
    static String oldName(Class<?> moved) {
        return "org.schemenet.network." + moved.getSimpleName();
    }

    /** What a fixture's text file records. */
    private record Recorded(Map<String, Double> coefficients, float[] output, float[] afterStep) {
    }

    static Iterable<String> checkpoints() {
        return CheckpointFixtures.CHECKPOINTS;
    }

    static Iterable<String> configurations() {
        return CheckpointFixtures.CONFIGURATIONS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void oldCheckpointLoadsComputesTheRecordedOutputAndTrains(String name) throws IOException {
        Recorded recorded = recorded(name);
        ComputationGraph g = restored(name);
        assertTrue(g.getUpdater().getStateViewArray().sumNumber().doubleValue() != 0.0,
                name + ": the momentum state should have been restored");
        for (Map.Entry<String, GraphVertex> e : g.getConfiguration().getVertices().entrySet()) {
            Object configuration = e.getValue() instanceof LayerVertex v ? v.getLayerConf().getLayer() : e.getValue();
            if (configuration.getClass().getName().startsWith("org.schemenet")) {
                Class<?> moved = MOVED.stream().filter(c -> c.isInstance(configuration)).findFirst().orElseThrow(
                        () -> new AssertionError(e.getKey() + ": " + configuration.getClass()));
                assertEquals(oldName(moved), configuration.getClass().getName(), e.getKey() + ": the fixture's name");
            }
        }
        assertEquals(recorded.coefficients(), Coefficients.of(g), name + ": coefficients");
        assertClose(recorded.output(), CheckpointFixtures.output(g), name + ": output");

        g.fit(CheckpointFixtures.batch());
        assertClose(recorded.afterStep(), CheckpointFixtures.output(g), name + ": output after one training step");
        if (!recorded.coefficients().isEmpty()) {
            assertNotEquals(recorded.coefficients(), Coefficients.of(g), name + ": the step should move coefficients");
        }
    }

    /**
     * What resuming a run started before shortcut A's subsampling became a vertex does: the network is compiled
     * today (the new form) and the old checkpoint's parameters and updater state are copied into it; it computes
     * the recorded output, and after one training step the recorded output again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void oldCheckpointResumesIntoTheNetworkCompiledToday(String name) throws IOException {
        Recorded recorded = recorded(name);
        ComputationGraph saved = restored(name);
        CheckpointFixtures.Case c = CheckpointFixtures.fixture(name);
        ComputationGraph today = c.compiler().compile(c.scheme(), c.spec()).graph();
        assertTrue(today.getConfiguration().getVertices().values().stream().noneMatch(v -> v instanceof LayerVertex l
                && l.getLayerConf().getLayer() instanceof SubsamplingLayer), name + ": compiled in the new form");
        // what the trainer's Checkpoints.restoreInto copies (framework/train, which this module cannot see)
        today.setParams(saved.params());
        today.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        assertClose(recorded.output(), CheckpointFixtures.output(today), name + ": output");
        today.fit(CheckpointFixtures.batch());
        assertClose(recorded.afterStep(), CheckpointFixtures.output(today), name + ": output after one training step");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void compilerEmitsTheConfigurationItEmittedBefore(String name) throws IOException {
        String before;
        try (InputStream in = new GZIPInputStream(resource(name + ".json.gz"))) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Class<?> moved : MOVED) {
            before = before.replace('"' + oldName(moved) + '"', '"' + moved.getName() + '"');
        }
        CheckpointFixtures.Case c = CheckpointFixtures.fixture(name);
        String now = c.compiler().compile(c.scheme(), c.spec()).graph().getConfiguration().toJson();
        ObjectNode expected = withSubsamplingVertices((ObjectNode) JSON.readTree(before));
        ObjectNode actual = (ObjectNode) JSON.readTree(now);
        assertEquals(layerOrder(expected), layerOrder(actual), name + ": the layers' order (so the parameters')");
        assertEquals(expected, actual, name + ": the configuration differs from the one written at b87aa69 (class "
                + "names of moved layers mapped to their new package, shortcut A's pooling layer a vertex)");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The configuration of b87aa69 as the compiler writes it since shortcut A's subsampling became a vertex: each 1x1
     * pooling layer {@code X.subsample} is replaced, under the same name and with the same input, by a
     * {@code ChannelZeroPadVertex} with its stride and no zero channels; the padding vertices get stride 1.
     */
    static ObjectNode withSubsamplingVertices(ObjectNode configuration) {
        ObjectNode vertices = (ObjectNode) configuration.get("vertices");
        List<String> names = new ArrayList<>();
        vertices.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode vertex = vertices.get(name);
            if (vertex.path("@class").asText().equals(ChannelZeroPadVertex.class.getName())) {
                ((ObjectNode) vertex).put("stride", 1);
            } else if (name.endsWith(".subsample")) {
                JsonNode pooling = vertex.path("layerConf").path("layer");
                assertEquals("org.deeplearning4j.nn.conf.layers.SubsamplingLayer", pooling.path("@class").asText(),
                        name);
                assertEquals("[1,1]", pooling.path("kernelSize").toString(), name);
                vertices.putObject(name).put("@class", ChannelZeroPadVertex.class.getName())
                        .put("layout", pooling.path("cnn2dDataFormat").asText()).put("pad", 0)
                        .put("stride", pooling.path("stride").get(0).asInt());
            }
        }
        return configuration;
    }

    /** The names of the configuration's layers (vertices with a layer), in its topological order. */
    private static List<String> layerOrder(ObjectNode configuration) {
        List<String> layers = new ArrayList<>();
        for (JsonNode name : configuration.get("topologicalOrderStr")) {
            JsonNode vertex = configuration.get("vertices").get(name.asText());
            if (vertex != null && vertex.has("layerConf")) {
                layers.add(name.asText());
            }
        }
        return layers;
    }

    /** The fixture checkpoint {@code name} as DL4J restores it, updater state included. */
    private ComputationGraph restored(String name) throws IOException {
        try (InputStream in = resource(name + ".zip")) {
            return ModelSerializer.restoreComputationGraph(in, true);
        }
    }

    private InputStream resource(String file) {
        InputStream in = getClass().getResourceAsStream("checkpoints/" + file);
        if (in == null) {
            throw new IllegalStateException("test resource checkpoints/" + file + " is missing");
        }
        return in;
    }

    private Recorded recorded(String name) throws IOException {
        Map<String, Double> coefficients = new LinkedHashMap<>();
        float[] output = null;
        float[] afterStep = null;
        try (InputStream in = resource(name + ".txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                switch (f[0]) {
                    case "output" -> output = floats(f);
                    case "after-step" -> afterStep = floats(f);
                    default -> coefficients.put(f[0], Double.parseDouble(f[1]));
                }
            }
        }
        return new Recorded(coefficients, output, afterStep);
    }

    private static float[] floats(String[] fields) {
        float[] v = new float[fields.length - 1];
        for (int i = 1; i < fields.length; i++) {
            v[i - 1] = Float.parseFloat(fields[i]);
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + " [" + i + "]");
        }
    }
}
