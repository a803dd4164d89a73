package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run's memory with the launcher's Java heap settings (runner/bin/runner's {@code heap_options}, read
 * from the script itself): a run of 6 epochs peaks less than 250 MB higher than a run of 1 epoch, i.e. grows by
 * less than 1 MB per batch over its 250 more batches (measured: +110 MB, and +404 MB with the settings of attempt 27
 * alone, {@code -XX:+UseParallelGC -Xmn16m}). Each batch brings
 * new input arrays whose native memory JavaCPP frees only after a collection; when the arrays a batch still holds
 * at a young collection are promoted to the old generation (the parallel collector's adaptive survivor sizing),
 * that memory waits for a full collection and the RSS grows with every batch (docs/performance.md, attempt 28:
 * about 1.5 MB per 128-image batch). The runs are real runner JVMs on 6,400 synthetic images in 128-image batches
 * (50 per epoch), depth 8, one thread.
 */
class TrainingMemoryTest {

    /** The JVM options of {@code heap_options=(...)} in the launcher script. */
    static List<String> launcherHeapOptions() throws IOException {
        Path script = RunnerHarness.builtPlugins().getParent().resolve("runner/bin/runner");
        Matcher m = Pattern.compile("(?m)^heap_options=\\(([^)]*)\\)").matcher(Files.readString(script));
        assertTrue(m.find(), "no heap_options=(...) line in " + script);
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static long peakAfter(int epochs, Path data, Path dir) throws Exception {
        Path out = dir.resolve("e" + epochs);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        cmd.addAll(launcherHeapOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--scheme", "euler",
                "--depth", "8", "--batch-size", "128", "--epochs", Integer.toString(epochs), "--data",
                data.toString(), "--threads", "1", "--out", out.toString()));
        Path log = dir.resolve("e" + epochs + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toAbsolutePath().toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "4194304");
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the run ended");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("results").get("peakResidentMB").getAsLong();
    }

    @Test
    @Timeout(600)
    void sixEpochsPeakAboutAsHighAsOne(@TempDir Path dir) throws Exception {
        Path data = SyntheticCifar.write(dir.resolve("cifar"), 6400, 256, 5);
        long one = peakAfter(1, data, dir);
        long six = peakAfter(6, data, dir);
        System.out.printf("peak RSS after 1 epoch %d MB, after 6 epochs %d MB%n", one, six);
        assertTrue(six - one < 250, "peak RSS after 1 epoch " + one + " MB, after 6 epochs " + six + " MB (250 more "
                + "batches of 1.5 MB inputs); the heap settings " + launcherHeapOptions());
    }
}
