package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder given as a relative path ({@code --data ../tinydata}, a relative SCHEMENET_DATA) is recorded in
 * the run's config.toml as an absolute path, so {@code --resume RUN} works from any working directory; the
 * keyword {@code sample} stays as it is.
 */
class DataPathTest {

    private static String recordedData(Path run) throws IOException {
        return Files.readString(run.resolve("config.toml")).lines().filter(l -> l.startsWith("data = "))
                .findFirst().orElseThrow();
    }

    /** The runner in its own JVM, started in {@code workingDirectory}; returns its exit code, output in {@code log}. */
    private static int runner(Path workingDirectory, Path log, String... args) throws Exception {
        List<String> cmd = ChildRuns.command(List.of(args));
        cmd = new ArrayList<>(cmd.get(0).endsWith("setsid") ? cmd.subList(1, cmd.size()) : cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toAbsolutePath().toString());
        pb.environment().remove("SCHEMENET_DATA");
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the runner ended");
        return p.exitValue();
    }

    @Test
    @Timeout(600)
    void aRelativeDataFolderIsRecordedAbsoluteAndTheRunResumesFromAnotherFolder(@TempDir Path dir) throws Exception {
        Path data = SyntheticCifar.write(dir.resolve("tinydata"), 20, 10, 3);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere").resolve("deeper"));
        Path run = dir.resolve("run");
        Path log = dir.resolve("first.log");
        int first = runner(work, log, "--scheme", "euler", "--depth", "8", "--epochs", "1", "--batch-size", "10",
                "--threads", "1", "--data", "../tinydata", "--out", run.toString());
        assertEquals(0, first, Files.readString(log));
        assertEquals("data = \"" + data.toAbsolutePath().normalize() + "\"", recordedData(run));

        Path again = dir.resolve("again.log");
        int resumed = runner(elsewhere, again, "--resume", run.toString(), "--epochs", "2", "--threads", "1");
        assertEquals(0, resumed, Files.readString(again));
        assertTrue(Files.readString(again).contains("done: 2 epochs"), Files.readString(again));
        assertFalse(Files.exists(elsewhere.resolve("..").resolve("tinydata")), "nothing made where the run was "
                + "resumed from");
    }

    /**
     * Without --data and SCHEMENET_DATA the data comes from {@code $HOME/.schemenet/data} (the HOME the runner is
     * given, as for the settings' default), and a fault there is named as the default data directory, not as a
     * --data the user never gave.
     */
    @Test
    void theDefaultDataDirectoryIsUnderHomeAndNamedAsTheDefault(@TempDir Path dir) {
        Path home = dir.resolve("home");
        Path data = home.resolve(".schemenet").resolve("data");
        SyntheticCifar.truncated(data.resolve("cifar-10-batches-bin"), 20, 10, 3);
        RunnerHarness.Result r = RunnerHarness.run(Map.of(Environment.PLUGINS_VARIABLE,
                        RunnerHarness.builtPlugins().toString(), "HOME", home.toString()),
                "--scheme", "euler", "--depth", "8", "--epochs", "1", "--batch-size", "10", "--threads", "1",
                "--out", dir.resolve("run").toString());
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().startsWith("error: the default data directory " + data + ": "
                + data.resolve("cifar-10-batches-bin").resolve("data_batch_2.bin") + ": "), r.err());
        assertFalse(Files.exists(dir.resolve("run")), "nothing written");
    }

    @Test
    void aRelativeSchemenetDataIsRecordedAbsoluteAndSampleStaysAKeyword(@TempDir Path dir) throws IOException {
        Path data = SyntheticCifar.write(dir.resolve("tinydata"), 20, 10, 3);
        String relative = Path.of("").toAbsolutePath().relativize(data).toString();
        assertFalse(Path.of(relative).isAbsolute());
        Path run = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run(Map.of(Environment.PLUGINS_VARIABLE,
                        RunnerHarness.builtPlugins().toString(), "SCHEMENET_DATA", relative),
                "--scheme", "euler", "--depth", "8", "--epochs", "1", "--batch-size", "10", "--threads", "1",
                "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertEquals("data = \"" + data.toAbsolutePath().normalize() + "\"", recordedData(run));

        Path sample = dir.resolve("sample-run");
        RunnerHarness.Result s = RunnerHarness.run("--scheme", "euler", "--depth", "8", "--epochs", "1",
                "--batch-size", "100", "--train-subset", "100", "--test-subset", "100", "--threads", "1",
                "--data", "sample", "--out", sample.toString());
        assertEquals(0, s.exitCode(), s.err() + s.out());
        assertEquals("data = \"sample\"", recordedData(sample));
    }
}
