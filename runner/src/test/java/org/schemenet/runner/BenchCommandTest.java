package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/**
 * {@code runner bench} on tiny configurations (depth 8 or 14, batch 8, one repeat of two batches): the JSON
 * has every field, describes the network that {@code runner --dry-run} describes for the same options, and
 * every rate and memory figure is positive. No timing assertions: speed is measured, not tested.
 */
class BenchCommandTest {

    private static JsonObject bench(String... extra) {
        String[] base = {"bench", "--batch-size", "8", "--warmup", "1", "--iterations", "2",
            "--repeats", "1", "--threads", "1", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        RunnerHarness.Result r = RunnerHarness.run(args);
        assertEquals(0, r.exitCode(), r.err());
        String json = r.out().trim();
        assertEquals(1, json.lines().count(), json);
        return new JsonParser().parse(json).getAsJsonObject();
    }

    private static void positive(JsonObject o, String field) {
        assertTrue(o.has(field) && !o.get(field).isJsonNull(), field + " missing in " + o);
        assertTrue(o.get(field).getAsDouble() > 0, field + " = " + o.get(field));
    }

    @Test
    void tinyEulerReportsEveryFieldWithPositiveRatesAndMemory() {
        JsonObject o = bench("--depth", "8");
        assertEquals("euler", o.get("scheme").getAsString());
        assertEquals(8, o.get("depth").getAsInt());
        assertEquals(8, o.get("batchSize").getAsInt());
        assertEquals(1, o.get("threads").getAsInt());
        // depth 8, shortcut A: stem 432 + unit(16) 4,672 + transition 16->32 13,920 + transition 32->64 55,488
        // + head 778 (as runner --dry-run counts)
        assertEquals(75_290, o.get("parameters").getAsLong());
        for (String f : new String[] {"trainImagesPerSecond", "inferenceImagesPerSecond", "dataImagesPerSecond",
            "peakRssMb", "peakRssWithDataMb"}) {
            positive(o, f);
        }
        assertTrue(o.get("peakRssWithDataMb").getAsLong() >= o.get("peakRssMb").getAsLong(), o.toString());
        for (String m : new String[] {"train", "inference", "data"}) {
            JsonArray repeats = o.getAsJsonObject(m).getAsJsonArray("repeats");
            assertEquals(1, repeats.size(), m);
            assertEquals(repeats.get(0).getAsDouble(), o.getAsJsonObject(m).get("median").getAsDouble(), 1e-9, m);
        }
        assertTrue(o.get("dataSet").getAsString().startsWith("cifar-10-sample"), o.get("dataSet").toString());
        assertTrue(o.getAsJsonObject("backend").has("nativeJar"), o.toString());
    }

    @Test
    void learnableAdamsBenchesTheNetworkRunnerTrains() {
        JsonObject o = bench("--depth", "14", "--scheme", "adams", "--k", "2", "--coefficients", "learnable",
                "--no-data");
        assertEquals("adams", o.get("scheme").getAsString());
        assertEquals("learnable", o.getAsJsonObject("schemeOptions").get("coefficients").getAsString());
        assertTrue(o.get("dataImagesPerSecond").isJsonNull(), o.toString());
        assertTrue(o.get("data").isJsonNull(), o.toString());
        positive(o, "trainImagesPerSecond");
        positive(o, "inferenceImagesPerSecond");
        // the same network runner trains: the dry run's parameter count for the same options
        RunnerHarness.Result dry = RunnerHarness.run("--scheme", "adams", "--k", "2", "--coefficients", "learnable",
                "--depth", "14", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("trainable parameters: " + o.get("parameters").getAsLong()),
                o.get("parameters") + " vs " + dry.out());
        assertTrue(dry.out().contains("learnable coefficients: 3 "), dry.out());
    }

    /**
     * The step profile counts the hand-written layers' libnd4j calls of Euler at depth 8 (7 convolutions: the stem and
     * one unit of two per stage; 7 batch normalisations: two per unit and the head's): forward, 7 {@code conv2d};
     * the convolutions' backward passes and the batch normalisations call oneDNN directly, not libnd4j, so no
     * {@code conv2d_bp}, {@code deconv2d_bp}, {@code batchnorm} or {@code batchnorm_bp} appears (their time counts
     * outside ND4J's ops).
     */
    @Test
    void theStepProfileCountsEachLayersLibnd4jCalls() {
        JsonObject o = bench("--depth", "8", "--no-data", "--step-profile", "2");
        JsonObject p = o.getAsJsonObject("stepProfile");
        assertEquals(2, p.get("steps").getAsInt());
        java.util.Map<String, Double> calls = new java.util.HashMap<>();
        double sum = 0;
        for (var op : p.getAsJsonArray("ops")) {
            JsonObject x = op.getAsJsonObject();
            calls.put(x.get("name").getAsString(), x.get("callsPerStep").getAsDouble());
            sum += x.get("callsPerStep").getAsDouble();
        }
        assertEquals(7.0, calls.get("conv2d"), o.toString());
        assertNull(calls.get("deconv2d_bp"), o.toString());
        assertNull(calls.get("conv2d_bp"), o.toString());
        assertNull(calls.get("batchnorm"), o.toString());
        assertNull(calls.get("batchnorm_bp"), o.toString());
        assertEquals(p.get("opCallsPerStep").getAsDouble(), sum, 0.5, "every call is some op's");
        assertEquals(p.get("wallMsPerStep").getAsDouble() - p.get("opMsPerStep").getAsDouble(),
                p.get("outsideOpsMsPerStep").getAsDouble(), 0.11);
        assertTrue(p.get("gcCollectionsPerStep").getAsDouble() >= 0, p.toString());
        positive(p, "heapAllocatedMbPerStep");

        assertTrue(bench("--depth", "8", "--no-data").get("stepProfile").isJsonNull(), "no profile unless asked");
        RunnerHarness.Result bad = RunnerHarness.run("bench", "--step-profile", "-1", "--no-data");
        assertEquals(Main.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--step-profile: -1 is out of range; allowed: an integer in [0, "
                + "2147483647] (0: no profile)"), bad.err());
    }

    @Test
    void schemeOptionsPrintsTheSchemesOptionsAndBenchesNothing() {
        // --help promises "print the options the chosen scheme accepts and exit", as the training command does
        RunnerHarness.Result training = RunnerHarness.run("--scheme", "adams", "--scheme-options");
        RunnerHarness.Result r = RunnerHarness.run("bench", "--scheme", "adams", "--scheme-options", "--batch-size", "8",
                "--warmup", "1", "--iterations", "1", "--repeats", "1", "--threads", "1", "--no-data");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(training.out().contains("coefficients"), training.out());
        assertEquals(training.out(), r.out());
        assertFalse(r.out().contains("images/s"), r.out());
    }

    @Test
    void badRepeatCountIsAUsageError() {
        RunnerHarness.Result r = RunnerHarness.run("bench", "--repeats", "0", "--no-data");
        assertEquals(Main.USAGE, r.exitCode());
        assertTrue(r.err().contains("--repeats: 0"), r.err());
    }

    @Test
    void depthTheSchemeCannotWireIsAUsageError() {
        RunnerHarness.Result r = RunnerHarness.run("bench", "--scheme", "rk", "--depth", "20", "--no-data");
        assertEquals(Main.USAGE, r.exitCode());
        assertTrue(r.err().contains("--scheme rk at --depth 20"), r.err());
    }
}
