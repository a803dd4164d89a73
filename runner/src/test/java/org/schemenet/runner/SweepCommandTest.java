package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schemenet.report.RunDirectory;
import org.schemenet.report.RunResult;

/**
 * The sweep: its decisions on prepared run directories ({@code --dry-run}, no training), and one
 * small sweep end to end in child JVMs on synthetic CIFAR-10 (binary layout), depth 8, fixed
 * coefficients (the learned-coefficient report is tested on prepared runs in {@link ReportCommandTest}): one run interrupted
 * beforehand is resumed, one is started, both finish, a report is written, and a second sweep
 * starts nothing.
 */
class SweepCommandTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void writeData() {
        data = SyntheticCifar.write(shared.resolve("cifar"), 60, 20, 11);
    }

    static Path plan(Path dir, int epochs) throws IOException {
        Path f = dir.resolve("tiny.toml");
        Files.writeString(f, """
                depths = [8]
                seeds = [3]

                [training]
                epochs = %d
                batch-size = 20
                data = "%s"

                [[scheme]]
                name = "euler"

                [[scheme]]
                name = "adams"
                k = 2
                coefficients = "fixed"
                """.formatted(epochs, data.toString().replace("\\", "\\\\")));
        return f;
    }

    /** A run directory as the runner leaves it, for the decision tests. */
    static void prepared(Path dir, String scheme, String options, String status, int done, String checkpoint)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), "depth = 8\nepochs = 2\nseed = 3\ndata = \"x\"\n\n[scheme]\n"
                + "name = \"" + scheme + "\"\n" + options);
        if (status != null) {
            Files.writeString(dir.resolve("summary.json"), "{\"results\":{\"status\":\"" + status
                    + "\",\"epochs\":2,\"epochsDone\":" + done + "}}");
        }
        if (checkpoint != null) {
            Files.createDirectories(dir.resolve("checkpoints"));
            Files.writeString(dir.resolve("checkpoints").resolve(checkpoint), "zip");
        }
    }

    @Test
    void decidesPerRunFromItsDirectory(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "completed", 2, "epoch-0002.zip");
        prepared(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3"), "adams",
                "k = \"2\"\ncoefficients = \"fixed\"\n", "interrupted", 1, "epoch-0001-batch-000002.zip");
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 runs (2 variants x 1 depths x 1 seeds), 2 epochs each"), r.out());
        assertTrue(r.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(finished\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*adams-coefficientsfixed-k2-d8-e2-s3\\s+resume.*"), r.out());

        // more epochs: other directories, all new
        RunnerHarness.Result longer = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--epochs", "5", "--dry-run");
        assertTrue(longer.out().matches("(?s).*euler-d8-e5-s3\\s+start.*adams-coefficientsfixed-k2-d8-e5-s3\\s+"
                + "start.*"), longer.out());

        // diverged: left alone; died before a checkpoint: restarted
        prepared(sweep.resolve("euler-d8-e2-s3"), "euler", "", "diverged", 1, null);
        Files.delete(sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3/checkpoints/epoch-0001-batch-000002.zip"));
        RunnerHarness.Result again = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertTrue(again.out().matches("(?s).*euler-d8-e2-s3\\s+skip \\(diverged.*"), again.out());
        assertTrue(again.out().matches("(?s).*adams-coefficientsfixed-k2-d8-e2-s3\\s+restart \\(no checkpoint\\)"
                + ".*"), again.out());
    }

    @Test
    void aRunStillTrainingInAChildOfAKilledSweepIsLeftAlone(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        Path euler = sweep.resolve("euler-d8-e2-s3");
        prepared(euler, "euler", "", "running", 1, "epoch-0001.zip");
        // a process whose command line names the runner, as an orphaned child's does
        Process orphan = new ProcessBuilder("/bin/sh", "-c", "sleep 60; echo " + Main.class.getName()).start();
        try {
            Files.writeString(euler.resolve(ChildRuns.PID), orphan.pid() + "\n");
            RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                    "--dry-run");
            assertTrue(r.out().contains("euler-d8-e2-s3                           skip (still running as process "
                    + orphan.pid()), r.out());
        } finally {
            orphan.destroyForcibly().waitFor();
        }
        RunnerHarness.Result after = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--dry-run");
        assertTrue(after.out().matches("(?s).*euler-d8-e2-s3\\s+resume.*"), "a dead pid is stale: " + after.out());
    }

    @Test
    void aDirectoryHoldingAnotherRunIsAnError(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        prepared(sweep.resolve("euler-d8-e2-s3"), "adams", "k = \"3\"\n", "completed", 2, null);
        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("holds another run") && r.err().contains("euler, depth 8, seed 3"), r.err());
    }

    @Test
    void badPlansAndOptionsExitTwo(@TempDir Path dir) throws IOException {
        Path p = plan(dir, 2);
        Files.writeString(p, Files.readString(p).replace("k = 2", "k = 9"));
        RunnerHarness.Result r = RunnerHarness.run("sweep", p.toString(), "--dry-run");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("[[scheme]] adams") && r.err().contains("'k'"), r.err());
        Files.writeString(p, Files.readString(p).replace("k = 9", "k = 2").replace("batch-size = 20",
                "batch-size = 0"));
        RunnerHarness.Result batch = RunnerHarness.run("sweep", p.toString(), "--dry-run");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("batch-size") && batch.err().contains("0 is out of range"), batch.err());
        RunnerHarness.Result parallel = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--parallel", "0");
        assertEquals(2, parallel.exitCode());
        assertTrue(parallel.err().contains("--parallel: 0 is out of range"), parallel.err());
    }

    @Test
    @Timeout(600)
    void aSmallSweepResumesWhatWasInterruptedStartsTheRestAndReports(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        Path adams = sweep.resolve("adams-coefficientsfixed-k2-d8-e2-s3");
        // interrupted after epoch 1, as Ctrl-C would (in-process, with the test's stop module)
        RunnerHarness.Result first = RunnerHarness.run(List.of(new TrainingRunTest.StopAfterFirstEpoch()),
                Map.of(Environment.PLUGINS_VARIABLE, RunnerHarness.builtPlugins().toString()),
                "--scheme", "adams", "--k", "2", "--coefficients", "fixed", "--depth", "8", "--epochs", "2",
                "--batch-size", "20", "--data", data.toString(), "--seed", "3", "--threads", "2",
                "--out", adams.toString());
        assertEquals(TrainingSession.INTERRUPTED, first.exitCode(), first.err() + first.out());

        RunnerHarness.Result r = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString(),
                "--parallel", "2", "--threads", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("resuming adams-coefficientsfixed-k2-d8-e2-s3"), r.out());
        assertTrue(r.out().contains("starting euler-d8-e2-s3"), r.out());
        assertTrue(r.out().contains("sweep: 2 finished now, 0 skipped, 0 interrupted, 0 not started, 0 failed"), r.out());
        for (String run : List.of("euler-d8-e2-s3", "adams-coefficientsfixed-k2-d8-e2-s3")) {
            RunResult result = RunDirectory.read(sweep.resolve(run));
            assertEquals("completed", result.status(), run);
            assertEquals(List.of(1, 2), result.epochs().stream().map(RunResult.EpochMetrics::epoch).toList(), run);
            assertTrue(Files.isRegularFile(sweep.resolve(run).resolve("learning-curves.png")), run);
            String log = Files.readString(sweep.resolve(run).resolve(ChildRuns.LOG));
            assertTrue(log.contains("done: 2 epochs"), run);
            assertTrue(log.contains("picture: " + sweep.resolve(run).resolve("learning-curves.png")),
                    "drawn by the run itself when it ends: " + log);
            assertFalse(Files.exists(sweep.resolve(run).resolve(ChildRuns.PID)), "no pid file after the run");
        }
        assertTrue(Files.readString(adams.resolve(ChildRuns.LOG)).contains("resuming run"));
        assertFalse(Files.exists(adams.resolve("coefficients.png")), "fixed coefficients: no traces");
        assertTrue(Files.isRegularFile(sweep.resolve("test-error-d8.png")));
        String md = Files.readString(sweep.resolve("results.md"));
        assertTrue(md.contains("| euler | 8 | 2 | cifar-10 | "), md);
        assertTrue(md.contains("| adams coefficients=fixed k=2 | 8 | 2 | cifar-10 | "), md);
        assertTrue(Files.isRegularFile(sweep.resolve("plan.toml")));

        RunnerHarness.Result again = RunnerHarness.run("sweep", plan(dir, 2).toString(), "--out", sweep.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("starting") || again.out().contains("resuming"), again.out());
        assertTrue(again.out().contains("sweep: 0 finished now, 2 skipped"), again.out());
    }
}
