package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A count of one is printed with its noun in the singular, wherever the runner prints epochs, runs, units, steps,
 * threads and the like: a run of {@code --epochs 1} at depth 8 (one unit per stage) with one thread says
 * {@code 1 epoch}, {@code 1 unit, 1 step}, {@code 1 thread}, as do the sweep, report and wiring lines of one run.
 */
class CountWordsTest {

    /** No "1 epochs", "1 units", "1 runs", ...: a count of 1 followed by a plural noun. */
    private static void noOnePlural(String out) {
        assertFalse(out.matches("(?s).*(?<![0-9.,])1 (epochs|runs|units|steps|threads|variants|depths|seeds|batches"
                + "|learnable coefficients)\\b.*"), out);
    }

    @Test
    void aRunOfOneEpochAndItsSweepReportAndWiringSayOne(@TempDir Path dir) throws IOException {
        Path data = SyntheticCifar.write(dir.resolve("cifar"), 20, 10, 1);
        Path run = dir.resolve("run");
        RunnerHarness.Result r = RunnerHarness.run("--scheme", "euler", "--depth", "8", "--epochs", "1",
                "--batch-size", "10", "--threads", "1", "--data", data.toString(), "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains(", 1 epoch, seed 0, 1 thread\n"), r.out());
        assertTrue(r.out().contains("(stage 1: 1 unit, 1 step, width 16; "), r.out());
        assertTrue(r.out().contains("\ndone: 1 epoch, final test error "), r.out());
        noOnePlural(r.out());

        RunnerHarness.Result again = RunnerHarness.run("--resume", run.toString());
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertTrue(again.out().contains("has finished its 1 epoch; nothing to do"), again.out());
        noOnePlural(again.out());

        RunnerHarness.Result report = RunnerHarness.run("report", run.toString());
        assertEquals(0, report.exitCode(), report.err() + report.out());
        assertTrue(report.out().contains("results.md: 1 run\n"), report.out());
        noOnePlural(report.out());

        RunnerHarness.Result wiring = RunnerHarness.run("wiring", "--scheme", "euler", "--depth", "8");
        assertEquals(0, wiring.exitCode(), wiring.err());
        assertTrue(wiring.out().contains("stage 1 (Cold[units=1]): 1 unit, 1 step\n"), wiring.out());
        noOnePlural(wiring.out());

        Path plan = dir.resolve("plan.toml");
        Files.writeString(plan, "name = \"one\"\ndepths = [8]\nseeds = [1]\n[training]\nepochs = 1\ndata = \""
                + data.toString().replace("\\", "\\\\") + "\"\n[[scheme]]\nname = \"euler\"\n");
        RunnerHarness.Result sweep = RunnerHarness.run("sweep", plan.toString(), "--out", dir.resolve("sweep")
                .toString(), "--dry-run");
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().contains("1 run (1 variant x 1 depth x 1 seed), 1 epoch each"), sweep.out());
        noOnePlural(sweep.out());
    }
}
