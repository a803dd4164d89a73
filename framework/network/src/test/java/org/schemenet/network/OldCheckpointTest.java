package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints and configurations written by the compiler of commit b87aa69 ({@link CheckpointFixtures}) with the
 * code of today: a checkpoint loads with its updater state, computes the recorded inference output (to 1e-5; the
 * same code reproduces it to about 1e-7 with another OpenMP thread count), reports the recorded coefficients, and
 * one more training step gives the recorded output again (to 1e-5), so the momentum state and every layer's
 * training path came back. And the compiler still emits exactly the configuration it emitted then.
 */
class OldCheckpointTest {

    private static final double TOLERANCE = 1e-5;

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
        ComputationGraph g;
        try (InputStream in = resource(name + ".zip")) {
            g = ModelSerializer.restoreComputationGraph(in, true);
        }
        assertTrue(g.getUpdater().getStateViewArray().sumNumber().doubleValue() != 0.0,
                name + ": the momentum state should have been restored");
        assertEquals(recorded.coefficients(), Coefficients.of(g), name + ": coefficients");
        assertClose(recorded.output(), CheckpointFixtures.output(g), name + ": output");

        g.fit(CheckpointFixtures.batch());
        assertClose(recorded.afterStep(), CheckpointFixtures.output(g), name + ": output after one training step");
        if (!recorded.coefficients().isEmpty()) {
            assertNotEquals(recorded.coefficients(), Coefficients.of(g), name + ": the step should move coefficients");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void compilerEmitsTheConfigurationItEmittedBefore(String name) throws IOException {
        String before;
        try (InputStream in = new GZIPInputStream(resource(name + ".json.gz"))) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CheckpointFixtures.Case c = CheckpointFixtures.fixture(name);
        String now = c.compiler().compile(c.scheme(), c.spec()).graph().getConfiguration().toJson();
        assertEquals(before, now, name);
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
